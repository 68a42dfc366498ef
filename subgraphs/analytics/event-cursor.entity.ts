import { EntitySchema } from 'typeorm';

/**
 * How far analytics has read a source's outbox (`/internal/events`), across every tenant: the position
 * of the last event of the last page it applied. Read and written only as the system.
 */
export interface EventCursor {
  source: string;
  position: string;
  updatedAt: Date;
}

export const EventCursorEntity = new EntitySchema<EventCursor>({
  name: 'EventCursor',
  tableName: 'event_cursors',
  columns: {
    source: { type: 'text', primary: true },
    position: { type: 'text' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});
