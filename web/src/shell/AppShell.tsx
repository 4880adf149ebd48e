import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App as AntApp, Badge, Breadcrumb, Button, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BankOutlined,
  CameraOutlined,
  CheckCircleOutlined,
  DashboardOutlined,
  DownOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  FlagOutlined,
  KeyOutlined,
  LockOutlined,
  NodeIndexOutlined,
  LogoutOutlined,
  MailOutlined,
  PlusCircleOutlined,
  ScheduleOutlined,
  ProjectOutlined,
  SafetyOutlined,
  SendOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { useMe, useSession, FullPageSpin } from '../auth/session.js';
import { useRoleLabels } from '../components/WhoAmI.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../i18n/LanguageSwitch.js';
import { GROUP_LABELS, NAV, navByPath, type NavGroup, type NavKey } from './nav.js';
import { NotificationBell } from './NotificationBell.js';
import { useUnsignedCount } from '../features/letters/api.js';

const ICONS: Record<NavKey, ReactNode> = {
  dispatch: <SendOutlined />,
  inspect: <CameraOutlined />,
  'unit-work': <SolutionOutlined />,
  dashboard: <DashboardOutlined />,
  projects: <ProjectOutlined />,
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
  // Below `lg` the menu is a drawer-like sider that closes after each choice (phones).
  const [collapsed, setCollapsed] = useState(false);
  const narrow = !screens.lg;
  // Letters waiting for the unit's signature: a red count on the menu entry (units only).
  const unsignedLetters = useUnsignedCount(me.permissions.includes('letter.sign'), location.pathname);

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
      if (key === 'password') navigate('/settings/password');
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

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        width={220}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        // On phones the open menu floats over the page instead of squeezing it.
        style={narrow ? { position: 'fixed', insetBlock: 0, insetInlineStart: 0, zIndex: 1000 } : undefined}
        data-testid="side-menu"
      >
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 24px', whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={current ? [current.key] : []}
          items={items}
          onClick={({ key }) => {
            const target = NAV.find((n) => n.key === key);
            if (target) navigate(target.path);
            if (narrow) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: 12,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
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
        <Layout.Content style={{ padding: screens.md ? 24 : 12 }}>
          <Breadcrumb
            data-testid="breadcrumbs"
            // Leave room for the sider's floating trigger on narrow screens.
            style={{ marginBottom: 16, marginInlineStart: narrow && collapsed ? 36 : 0 }}
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
