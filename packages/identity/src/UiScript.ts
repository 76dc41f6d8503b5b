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

/** How the user answered a prompt. */
export type UiResponse =
  | {
      /** The user went through with it; for the picker, `xuid` names the picked account. */
      readonly outcome: 'completed';
      /** The picked account (picker only). Default: the default user, else the first candidate. */
      readonly xuid?: string;
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

/** The default answer: complete every prompt, picking the default choice. */
export const acceptAllUi: UiHandler = () => ({ outcome: 'completed' });

/** A {@link UiHandler} that records the prompts it saw. */
export interface ScriptedUi extends UiHandler {
  /** Every prompt answered so far, oldest first. */
  readonly prompts: readonly UiPrompt[];
}

/**
 * A handler that answers prompts with `responses` in order, then completes every further prompt.
 *
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
export function scriptedUi(responses: Iterable<UiResponse>): ScriptedUi {
  const queue = [...responses];
  const prompts: UiPrompt[] = [];
  const handler = (prompt: UiPrompt): UiResponse => {
    prompts.push(prompt);
    return queue.shift() ?? { outcome: 'completed' };
  };
  return Object.assign(handler, { prompts });
}
