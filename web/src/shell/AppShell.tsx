import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App as AntApp, Badge, Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApiOutlined,
  GlobalOutlined,
  LikeOutlined,
  CarryOutOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  CameraOutlined,
  CheckCircleOutlined,
  DashboardOutlined,
  DownOutlined,
  ExceptionOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  FlagOutlined,
  KeyOutlined,
  LockOutlined,
  MenuOutlined,
  NodeIndexOutlined,
  LogoutOutlined,
  MailOutlined,
  NotificationOutlined,
  PlusCircleOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  ProjectOutlined,
  SafetyOutlined,
  SendOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
  FundProjectionScreenOutlined,
  UserOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { useMe, useSession, FullPageSpin } from '../auth/session.js';
import { useRoleLabels } from '../components/WhoAmI.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../i18n/LanguageSwitch.js';
import { GROUP_LABELS, NAV, navByPath, type NavGroup, type NavKey } from './nav.js';
import { NotificationBell } from './NotificationBell.js';
import { useAwaitingApprovalCount, useUnsignedCount } from '../features/letters/api.js';

const ICONS: Record<NavKey, ReactNode> = {
  dispatch: <SendOutlined />,
  inspect: <CameraOutlined />,
  'unit-work': <SolutionOutlined />,
  dashboard: <DashboardOutlined />,
  projects: <ProjectOutlined />,
  'project-batches': <FlagOutlined />,
  'project-meetings': <ScheduleOutlined />,
  citizen: <UserOutlined />,
  'case-new': <PlusCircleOutlined />,
  verify: <CheckCircleOutlined />,
  cases: <FileSearchOutlined />,
  'case-map': <EnvironmentOutlined />,
  units: <BankOutlined />,
  'admin-units': <ApartmentOutlined />,
  'admin-users': <TeamOutlined />,
  'admin-security': <SafetyOutlined />,
  'admin-requests': <AuditOutlined />,
  audit: <AuditOutlined />,
  tokens: <KeyOutlined />,
  password: <LockOutlined />,
  'eval-frameworks': <NodeIndexOutlined />,
  'eval-checkpoints': <FlagOutlined />,
  'eval-plans': <ScheduleOutlined />,
  'eval-campaigns': <SettingOutlined />,
  'eval-results': <BarChartOutlined />,
  letters: <MailOutlined />,
  briefings: <NotificationOutlined />,
  'action-items': <CarryOutOutlined />,
  'assess-results': <TrophyOutlined />,
  'assess-appeals': <ExceptionOutlined />,
  'assess-model': <ProfileOutlined />,
  'assess-mine': <TrophyOutlined />,
  sanctions: <TrophyOutlined />,
  'project-dashboard': <FundProjectionScreenOutlined />,
  'public-settings': <GlobalOutlined />,
  satisfaction: <LikeOutlined />,
  'api-keys': <ApiOutlined />,
};

const GROUP_ORDER: NavGroup[] = ['work', 'admin', 'audit', 'settings'];

export default function AppShell() {
  const me = useMe();
  const { logout } = useSession();
  const { t } = useI18n();
  const { modal } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const roleLabels = useRoleLabels();
  const current = navByPath(location.pathname);
  // Below `lg` the menu is a drawer opened from a button in the header, which takes its own
  // room: nothing floats over the page's fields, and dialogs cover the button, not the reverse.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const narrow = !screens.lg;
  // Letters waiting for the unit's signature (units) or the leader's approval (leaders): a red count on the menu entry.
  const unsignedLetters =
    useUnsignedCount(me.permissions.includes('letter.sign'), location.pathname) +
    useAwaitingApprovalCount(me.permissions.includes('letter.approve'), location.pathname);

  const items = useMemo<MenuProps['items']>(
    () =>
      GROUP_ORDER.map((g) => {
        const children = NAV.filter((n) => n.group === g && n.inMenu(me)).map((n) => ({
          key: n.key,
          icon: ICONS[n.key],
          label:
            n.key === 'letters' && unsignedLetters > 0 ? (
              <Space size={6}>
                <span data-testid={`menu-${n.key}`}>{t(n.label)}</span>
                <span data-testid="letters-badge" data-count={unsignedLetters}>
                  <Badge count={unsignedLetters} size="small" overflowCount={99} />
                </span>
              </Space>
            ) : (
              <span data-testid={`menu-${n.key}`}>{t(n.label)}</span>
            ),
        }));
        return children.length ? { type: 'group' as const, key: `group-${g}`, label: t(GROUP_LABELS[g]), children } : null;
      }).filter((x) => x !== null),
    [me, t, unsignedLetters],
  );

  useEffect(() => {
    document.title = current ? `${t(current.label)} - ${t('app.name')}` : t('app.name');
  }, [current, t]);

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <LockOutlined />, label: <span data-testid="user-password">{t('nav.password')}</span> },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('logout.one')}</span> },
      { key: 'logout-all', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout-all">{t('logout.all')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'password') void navigate('/settings/password');
      else if (key === 'logout') void logout(false);
      else if (key === 'logout-all') {
        modal.confirm({
          title: t('logout.all'),
          content: t('logout.allConfirm'),
          okButtonProps: { danger: true },
          onOk: () => logout(true),
        });
      }
    },
  };

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={current ? [current.key] : []}
      items={items}
      onClick={({ key }) => {
        const target = NAV.find((n) => n.key === key);
        if (target) void navigate(target.path);
        setDrawerOpen(false);
      }}
    />
  );
  const appName = (
    <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 24px', whiteSpace: 'nowrap' }}>{t('app.name')}</div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          width={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <div data-testid="side-menu">
            {appName}
            {menu}
          </div>
        </Drawer>
      ) : (
        <Layout.Sider width={220} data-testid="side-menu">
          {appName}
          {menu}
        </Layout.Sider>
      )}
      {/* min-width 0 lets the page shrink to the phone's width instead of widening the layout. */}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 8px' : '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: narrow ? 4 : 12,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {narrow && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              onClick={() => setDrawerOpen(true)}
              data-testid="menu-button"
              style={{ marginInlineEnd: 'auto' }}
            />
          )}
          {screens.md && (
            <Space size={4} wrap={false} data-testid="header-roles">
              {roleLabels.map((r) => (
                <Tag color="blue" key={r}>
                  {r}
                </Tag>
              ))}
            </Space>
          )}
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown menu={userMenu} trigger={['click']}>
            <Button type="text" data-testid="user-menu">
              <UserOutlined />
              <Typography.Text strong data-testid="header-user">
                {me.user.displayName}
              </Typography.Text>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content style={{ padding: screens.md ? 24 : 12, minWidth: 0 }}>
          <Breadcrumb
            data-testid="breadcrumbs"
            style={{ marginBottom: 16 }}
            items={[
              { title: <Link to={me.home}>{t('nav.home')}</Link> },
              ...(current ? [{ title: t(GROUP_LABELS[current.group]) }, { title: t(current.label) }] : []),
            ]}
          />
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
