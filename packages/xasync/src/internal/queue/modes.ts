/**
 * The values the queue objects speak in: dispatch modes (the public `XTaskQueueDispatchMode`), a
 * port role's termination status, and the callback shapes queued items and monitors have.
 */
import { XTaskQueueDispatchMode } from '../../types.js';

export const Mode = XTaskQueueDispatchMode;
export type ModeValue = XTaskQueueDispatchMode;

export const Status = { Active: 0, Canceled: 1, Terminating: 2, Terminated: 3 } as const;
export type StatusValue = (typeof Status)[keyof typeof Status];

export type QueueCallback = (context: unknown, canceled: boolean) => unknown;
export type MonitorCallback = (context: unknown, queue: object, port: 0 | 1) => void;
