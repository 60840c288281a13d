import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { FullPageSpinner } from '../components/Spinner';
import { AppLayout } from './layout/AppLayout';
import { RequireAdmin, RequireAuth } from './RequireAuth';
import { NotFoundPage, RouteError } from './RouteError';

// Every page is its own chunk, loaded when first visited.
const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const ChangePasswordPage = lazy(() => import('../features/auth/ChangePasswordPage'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const LibrariesPage = lazy(() => import('../features/library/LibrariesPage'));
const LibraryPage = lazy(() => import('../features/library/LibraryPage'));
const ItemPage = lazy(() => import('../features/library/ItemPage'));
const CollectionPage = lazy(() => import('../features/library/CollectionPage'));
const DiscoverPage = lazy(() => import('../features/discover/DiscoverPage'));
const TitlePage = lazy(() => import('../features/discover/TitlePage'));
const ProfilePage = lazy(() => import('../features/profile/ProfilePage'));
const SetupPage = lazy(() => import('../features/setup/SetupPage'));
const RequestQueuePage = lazy(() => import('../features/admin/RequestQueuePage'));
const RequestsPage = lazy(() => import('../features/requests/RequestsPage'));
const RequestDetailPage = lazy(() => import('../features/requests/RequestDetailPage'));
const NotificationsPage = lazy(() => import('../features/notifications/NotificationsPage'));
const HelpPage = lazy(() => import('../features/help/HelpPage'));
const AdminLayout = lazy(() => import('../features/admin/AdminLayout'));
const UsersPage = lazy(() => import('../features/admin/UsersPage'));
const SettingsPage = lazy(() => import('../features/admin/SettingsPage'));
const AuditLogPage = lazy(() => import('../features/admin/AuditLogPage'));
const NotificationSettingsPage = lazy(() => import('../features/notifications/NotificationSettingsPage'));
const NotificationsAdminPage = lazy(() => import('../features/notifications/NotificationsAdminPage'));
const FollowingPage = lazy(() => import('../features/follows/FollowingPage'));
const DigestPage = lazy(() => import('../features/follows/DigestPage'));
const InvitePage = lazy(() => import('../features/invites/InvitePage'));
const InvitationsPage = lazy(() => import('../features/invites/InvitationsPage'));
const UserAccessPage = lazy(() => import('../features/invites/UserAccessPage'));

function Standalone({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpinner />}>{children}</Suspense>;
}

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        path: '/sign-in',
        element: (
          <Standalone>
            <SignInPage />
          </Standalone>
        ),
      },
      {
        path: '/invite/:code',
        element: (
          <Standalone>
            <InvitePage />
          </Standalone>
        ),
      },
      {
        path: '/change-password',
        element: (
          <RequireAuth allowPasswordChange>
            <Standalone>
              <ChangePasswordPage />
            </Standalone>
          </RequireAuth>
        ),
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, element: <DashboardPage /> },
              { path: 'library', element: <LibrariesPage /> },
              { path: 'library/:libraryId', element: <LibraryPage /> },
              { path: 'item/:itemId', element: <ItemPage /> },
              { path: 'collection/:collectionId', element: <CollectionPage /> },
              { path: 'discover', element: <DiscoverPage /> },
              { path: 'title/:mediaType/:tmdbId', element: <TitlePage /> },
              { path: 'requests', element: <RequestsPage /> },
              { path: 'requests/:requestId', element: <RequestDetailPage /> },
              { path: 'notifications', element: <NotificationsPage /> },
              { path: 'notifications/settings', element: <NotificationSettingsPage /> },
              { path: 'following', element: <FollowingPage /> },
              { path: 'digest', element: <DigestPage /> },
              { path: 'help', element: <HelpPage /> },
              { path: 'profile', element: <ProfilePage /> },
              { path: 'setup', element: <RequireAdmin />, children: [{ index: true, element: <SetupPage /> }] },
              {
                path: 'admin',
                element: <RequireAdmin />,
                children: [
                  {
                    element: <AdminLayout />,
                    children: [
                      { index: true, element: <Navigate to="users" replace /> },
                      { path: 'users', element: <UsersPage /> },
                      { path: 'users/:userId/access', element: <UserAccessPage /> },
                      { path: 'invitations', element: <InvitationsPage /> },
                      { path: 'requests', element: <RequestQueuePage /> },
                      { path: 'settings', element: <SettingsPage /> },
                      { path: 'audit-log', element: <AuditLogPage /> },
                      { path: 'notifications', element: <NotificationsAdminPage /> },
                    ],
                  },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
