/**
 * The relying-party verifier: what a custom web service imports to accept Xbox Live tokens and
 * request signatures. It does not load the emulator.
 *
 * @packageDocumentation
 */
