import { useLiveNotifications } from '../../features/notifications/useLiveNotifications';
import { useLiveRequests } from '../../features/requests/useLiveRequests';
import { useLiveServices } from '../../widgets/services/useLiveServices';

/** Applies Socket.IO events to the cached data, once for the whole signed-in app. */
export function LiveUpdates() {
  useLiveServices();
  useLiveRequests();
  useLiveNotifications();
  return null;
}
