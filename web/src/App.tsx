import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { useI18n } from './i18n/i18n.js';
import { FullPageSpin, RequireAuth, SessionProvider, useSession } from './auth/session.js';
import { LoginPage } from './pages/LoginPage.js';
import { NAV, type NavKey } from './shell/nav.js';

// Everything past the login page is split per route so /login stays small (no tables,
// trees, charts or icons sets it does not need).
const AppShell = lazy(() => import('./shell/AppShell.js'));
const RouteGuard = lazy(() => import('./shell/RouteGuard.js'));

// The list and the map are tabs of one page (one chunk).
const CaseListPage = lazy(() => import('./features/cases/CaseListPage.js'));
const CasePage = lazy(() => import('./features/cases/CasePage.js'));
const CASES_ITEM = NAV.find((n) => n.key === 'cases')!;
// The inspector's offline checklist pages fall under the `inspect` menu item.
const InspectTodayPage = lazy(() => import('./features/inspect/TodayPage.js'));
const InspectPointPage = lazy(() => import('./features/inspect/PointPage.js'));
const INSPECT_ITEM = NAV.find((n) => n.key === 'inspect')!;
// A project's page falls under 项目库, a batch's under 三个一批.
const ProjectPage = lazy(() => import('./features/projects/ProjectPage.js'));
const BatchPage = lazy(() => import('./features/projects/BatchPage.js'));
const PROJECTS_ITEM = NAV.find((n) => n.key === 'projects')!;
const BATCHES_ITEM = NAV.find((n) => n.key === 'project-batches')!;
const MeetingPage = lazy(() => import('./features/projects/MeetingPage.js'));
const MEETINGS_ITEM = NAV.find((n) => n.key === 'project-meetings')!;

const PAGES: Record<NavKey, LazyExoticComponent<ComponentType>> = {
  dispatch: lazy(() => import('./features/cases/DispatchPage.js')),
  inspect: lazy(() => import('./features/home/InspectHome.js')),
  'unit-work': lazy(() => import('./features/cases/UnitWorkPage.js')),
  dashboard: lazy(() => import('./features/home/DashboardHome.js')),
  projects: lazy(() => import('./features/projects/ProjectsPage.js')),
  'project-batches': lazy(() => import('./features/projects/BatchesPage.js')),
  'project-meetings': lazy(() => import('./features/projects/MeetingsPage.js')),
  citizen: lazy(() => import('./features/home/CitizenHome.js')),
  'case-new': lazy(() => import('./features/cases/ReportPage.js')),
  verify: lazy(() => import('./features/cases/VerifyPage.js')),
  cases: CaseListPage,
  'case-map': CaseListPage,
  units: lazy(() => import('./features/units/UnitsDirectoryPage.js')),
  'admin-units': lazy(() => import('./features/units/UnitsAdminPage.js')),
  'admin-users': lazy(() => import('./features/users/UsersAdminPage.js')),
  'admin-security': lazy(() => import('./features/users/SecurityPage.js')),
  'admin-requests': lazy(() => import('./features/admin-requests/AdminRequestsPage.js')),
  audit: lazy(() => import('./features/audit/AuditPage.js')),
  tokens: lazy(() => import('./features/settings/TokensPage.js')),
  password: lazy(() => import('./features/settings/PasswordPage.js')),
  'eval-frameworks': lazy(() => import('./features/evaluation/FrameworksPage.js')),
  'eval-checkpoints': lazy(() => import('./features/evaluation/CheckpointsPage.js')),
  'eval-plans': lazy(() => import('./features/evaluation/PlansPage.js')),
  'eval-campaigns': lazy(() => import('./features/evaluation/CampaignsPage.js')),
  'eval-results': lazy(() => import('./features/evaluation/ResultsPage.js')),
  letters: lazy(() => import('./features/letters/LettersPage.js')),
  briefings: lazy(() => import('./features/briefings/BriefingsPage.js')),
  'action-items': lazy(() => import('./features/action-items/ActionItemsPage.js')),
  'assess-model': lazy(() => import('./features/assessment/ModelPage.js')),
  'assess-results': lazy(() => import('./features/assessment/ResultsPage.js')),
  'assess-mine': lazy(() => import('./features/assessment/MyAssessmentPage.js')),
  'assess-appeals': lazy(() => import('./features/assessment/AppealsPage.js')),
  sanctions: lazy(() => import('./features/sanctions/SanctionsPage.js')),
  'project-dashboard': lazy(() => import('./features/projects/ProjectsDashboard.js')),
  'public-settings': lazy(() => import('./features/public-admin/PublicSettingsPage.js')),
  satisfaction: lazy(() => import('./features/public-admin/SatisfactionPage.js')),
  'api-keys': lazy(() => import('./features/public-admin/ApiKeysPage.js')),
};
const NotFound = lazy(() => import('./shell/NotFound.js'));

function HomeRedirect() {
  const { me } = useSession();
  return me ? <Navigate to={me.home} replace /> : <FullPageSpin />;
}

function Routed() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <Suspense fallback={<FullPageSpin />}>
              <AppShell />
            </Suspense>
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        {NAV.map((n) => {
          const Page = PAGES[n.key];
          return (
            <Route
              key={n.key}
              path={n.path}
              element={
                <RouteGuard item={n}>
                  <Page />
                </RouteGuard>
              }
            />
          );
        })}
        <Route
          path="/cases/:id"
          element={
            <RouteGuard item={CASES_ITEM}>
              <CasePage />
            </RouteGuard>
          }
        />
        <Route
          path="/inspect/today"
          element={
            <RouteGuard item={INSPECT_ITEM}>
              <InspectTodayPage />
            </RouteGuard>
          }
        />
        <Route
          path="/inspect/point/:id"
          element={
            <RouteGuard item={INSPECT_ITEM}>
              <InspectPointPage />
            </RouteGuard>
          }
        />
        <Route
          path="/projects/:id"
          element={
            <RouteGuard item={PROJECTS_ITEM}>
              <ProjectPage />
            </RouteGuard>
          }
        />
        <Route
          path="/projects/batches/:id"
          element={
            <RouteGuard item={BATCHES_ITEM}>
              <BatchPage />
            </RouteGuard>
          }
        />
        <Route
          path="/projects/meetings/:id"
          element={
            <RouteGuard item={MEETINGS_ITEM}>
              <MeetingPage />
            </RouteGuard>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { locale } = useI18n();
  return (
    // autoInsertSpace off: "登 录" with a gap reads oddly to Chinese users.
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Routed />
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
