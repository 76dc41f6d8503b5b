/**
 * The emulated Xbox Live service side: title endpoint configuration, accounts and devices,
 * XSTS-style relying-party token issuance and request signing.
 *
 * @packageDocumentation
 */

// --- endpoint configuration and request signing (owner: signing work) ---

// --- accounts, devices, relying parties, token issuance (owner: token work) ---
