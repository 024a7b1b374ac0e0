/**
 * A faithful stand-in for Everifin's BankConnect API: the identity server (Keycloak-like realm,
 * authorization code / refresh / client-credentials tokens), {@code /v1/payments/single} create,
 * status and process (the PATCH state machine with bank-specific steps: REDIRECT, INPUT, PUSH,
 * NEXT; see {@link org.paymentroutes.sandbox.everifin.BankProfiles}), RSAES-OAEP/SHA-256
 * encrypted inputs, and the payer's bank page.
 *
 * <p>Start it with {@code new EverifinSandbox(EverifinSandboxSettings.demo()).start()}; the demo
 * client and payer credentials are public (see {@code src/sandbox/resources/sandbox/everifin/README.md}).
 * The package shares no code with the bundle's Everifin client nor with the Fintecture sandbox,
 * so that a bug in the client is caught here rather than mirrored.
 */
package org.paymentroutes.sandbox.everifin;
