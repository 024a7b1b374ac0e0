package org.paymentroutes.sandbox.everifin;

import org.paymentroutes.sandbox.common.SandboxServer;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EverifinSandbox} behaves: where it listens, which API client it recognises, and
 * how the payer's bank behaves.
 *
 * @param host                   interface to bind, e.g. {@code 127.0.0.1}
 * @param port                   port to bind; 0 picks any free port
 * @param clientId               the only OAuth client id the identity server knows
 * @param clientSecret           that client's secret
 * @param realm                  the identity server's realm ({@code everifin_app} at Everifin)
 * @param accessTokenLifetime    how long an access token is valid (whole seconds are reported in {@code expires_in})
 * @param pushPollsBeforeConfirm how many process calls after a PUSH step was issued before the
 *                               "mobile app" confirms by itself; 0 = only {@link EverifinSandbox#confirmPush}
 */
public record EverifinSandboxSettings(String host, int port, String clientId, String clientSecret, String realm,
                                      Duration accessTokenLifetime, int pushPollsBeforeConfirm) {

    public static final String DEMO_HOST = "127.0.0.1";
    public static final int DEMO_PORT = 9091;
    /** Public demo client id. SANDBOX ONLY: see src/sandbox/resources/sandbox/everifin/README.md. */
    public static final String DEMO_CLIENT_ID = "sandbox-everifin-client";
    /** Public demo client secret: not a secret, SANDBOX ONLY. */
    public static final String DEMO_CLIENT_SECRET = "sandbox-everifin-secret-not-a-secret";
    public static final String DEMO_REALM = "everifin_app";
    /** The payer's bank login the credentials-otp bank accepts (public, SANDBOX ONLY). */
    public static final String DEMO_USER_ID = "sandbox-user";
    public static final String DEMO_USER_PASSWORD = "sandbox-password";
    public static final String DEMO_OTP = "123456";

    public EverifinSandboxSettings {
        SandboxServer.checkAddress(host, port);
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        if (clientId.isBlank() || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("clientId and clientSecret must not be empty");
        }
        if (!realm.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("realm must be a plain name (letters, digits, _ . -)");
        }
        if (accessTokenLifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("accessTokenLifetime must be at least one second");
        }
        if (pushPollsBeforeConfirm < 0) {
            throw new IllegalArgumentException("pushPollsBeforeConfirm must not be negative");
        }
    }

    /** 127.0.0.1:9091, the public demo client, realm everifin_app, 300 s tokens, PUSH confirmed on the 2nd poll. */
    public static EverifinSandboxSettings demo() {
        return new EverifinSandboxSettings(DEMO_HOST, DEMO_PORT, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REALM,
                Duration.ofSeconds(300), 2);
    }

    public EverifinSandboxSettings withHost(String newHost) {
        return new EverifinSandboxSettings(newHost, port, clientId, clientSecret, realm, accessTokenLifetime,
                pushPollsBeforeConfirm);
    }

    public EverifinSandboxSettings withPort(int newPort) {
        return new EverifinSandboxSettings(host, newPort, clientId, clientSecret, realm, accessTokenLifetime,
                pushPollsBeforeConfirm);
    }

    public EverifinSandboxSettings withPushPollsBeforeConfirm(int polls) {
        return new EverifinSandboxSettings(host, port, clientId, clientSecret, realm, accessTokenLifetime, polls);
    }

    public EverifinSandboxSettings withAccessTokenLifetime(Duration lifetime) {
        return new EverifinSandboxSettings(host, port, clientId, clientSecret, realm, lifetime, pushPollsBeforeConfirm);
    }

    /** Never prints the client secret, so that logging the settings cannot leak it. */
    @Override
    public String toString() {
        return "EverifinSandboxSettings[host=" + host + ", port=" + port + ", clientId=" + clientId
                + ", clientSecret=***, realm=" + realm + ", accessTokenLifetime=" + accessTokenLifetime
                + ", pushPollsBeforeConfirm=" + pushPollsBeforeConfirm + "]";
    }
}
