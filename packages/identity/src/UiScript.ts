/**
 * The system UI an emulated console would show (the account picker, the fix-my-account flow, the
 * privilege upsell), as prompts a title's test answers: by a handler function, or by a script of
 * answers taken in order.
 *
 * @module
 */
import type { Account } from '@gdkts/xboxlive';

/** A prompt the engine shows. */
export type UiPrompt =
  | {
      /** The account picker (an add with UI). */
      readonly kind: 'accountPicker';
      /** Whether guest accounts may be picked. */
      readonly allowGuests: boolean;
      /** The accounts on the device that may be picked. */
      readonly candidates: readonly Account[];
    }
  | {
      /** The flow that fixes an account issue (terms, age verification, profile creation…). */
      readonly kind: 'resolveIssue';
      /** The account with the issue. */
      readonly account: Account;
      /** The URL whose token request needed the fix, when a token request led here. */
      readonly url: string | null;
    }
  | {
      /** The flow that grants a missing privilege (purchase, parental approval). */
      readonly kind: 'resolvePrivilege';
      /** The account without the privilege. */
      readonly account: Account;
      /** The privilege id. */
      readonly privilege: number;
    };

/** The find-controller prompt: the console asks a user to pick up a controller to pair with. */
export interface ControllerPrompt {
  /** Discriminant. */
  readonly kind: 'findController';
  /** The account a controller is wanted for. */
  readonly account: Account;
}

/** How the user answered a prompt. */
export type UiResponse =
  | {
      /** The user went through with it; for the picker, `xuid` names the picked account. */
      readonly outcome: 'completed';
      /** The picked account (picker only). Default: the default user, else the first candidate. */
      readonly xuid?: string;
      /** The controller picked up (find-controller only). Default: the user's, else the first free one. */
      readonly deviceId?: Uint8Array;
    }
  | {
      /** The user dismissed the UI (`E_ABORT` natively). */
      readonly outcome: 'dismissed';
    }
  | {
      /** The flow failed (the privilege could not be granted, the issue could not be fixed). */
      readonly outcome: 'failed';
    };

/** Answers prompts; may answer later (a Promise). */
export type UiHandler = (prompt: UiPrompt) => UiResponse | PromiseLike<UiResponse>;

/** Answers the find-controller prompt (`completed` with an optional `deviceId`, `dismissed`, `failed`); may answer later. */
export type ControllerUiHandler = (prompt: ControllerPrompt) => UiResponse | PromiseLike<UiResponse>;

/** The default answer: complete every prompt, picking the default choice. */
export const acceptAllUi: UiHandler = () => ({ outcome: 'completed' });

/** A handler that records the prompts it saw (a {@link UiHandler}, or a {@link ControllerUiHandler} with `P` = `ControllerPrompt`). */
export interface ScriptedUi<P = UiPrompt> {
  (prompt: P): UiResponse;
  /** Every prompt answered so far, oldest first. */
  readonly prompts: readonly P[];
}

/**
 * A handler that answers prompts with `responses` in order, then completes every further prompt.
 *
 * @typeParam P - the prompts it answers ({@link UiPrompt} by default).
 * @param responses - [in] the answers, in the order the prompts will appear.
 * @returns the handler; its `prompts` array records every prompt it saw.
 * @example
 * ```ts
 * import assert from 'node:assert';
 * import { scriptedUi } from '@gdkts/identity';
 * const ui = scriptedUi([{ outcome: 'dismissed' }]);
 * assert.deepStrictEqual(ui({ kind: 'accountPicker', allowGuests: false, candidates: [] }), { outcome: 'dismissed' });
 * assert.deepStrictEqual(ui({ kind: 'accountPicker', allowGuests: false, candidates: [] }), { outcome: 'completed' });
 * assert.strictEqual(ui.prompts.length, 2);
 * ```
 */
export function scriptedUi<P = UiPrompt>(responses: Iterable<UiResponse>): ScriptedUi<P> {
  const queue = [...responses];
  const prompts: P[] = [];
  const handler = (prompt: P): UiResponse => {
    prompts.push(prompt);
    return queue.shift() ?? { outcome: 'completed' };
  };
  return Object.assign(handler, { prompts });
}
