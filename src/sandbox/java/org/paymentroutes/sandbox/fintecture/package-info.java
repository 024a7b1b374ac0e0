/**
 * A faithful stand-in for Fintecture's PIS API (token, signed payment session, signed payment
 * read, the payer's connect page, and its signed webhooks), so that the demo and every test run
 * with no provider.
 *
 * <p>Its request-signature verification is written with plain JCA and shares no code with the
 * bundle's own signer, so that a signing bug in the bundle is caught here rather than mirrored.
 * Start it with {@code new FintectureSandbox(SandboxSettings.demo()).start()}; the demo keys and
 * credentials are public (see {@code src/sandbox/resources/sandbox/README.md}).
 */
package org.paymentroutes.sandbox.fintecture;
