import type { Notification } from '@prisma/client';

export interface NotificationResponse {
  id: string;
  type: string;
  title: string;
  message: string;
  readAt: string | null;
  createdAt: string;
  data?: Record<string, unknown>;
}

export function toNotificationResponse(n: Notification): NotificationResponse {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
    ...(n.data && typeof n.data === 'object' ? { data: n.data as Record<string, unknown> } : {}),
  };
}
