package org.paymentroutes.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.paymentroutes.sandbox.fintecture.FintectureSandbox;
import org.paymentroutes.sandbox.fintecture.SandboxSettings;

/**
 * The bundle settings that point it at running sandboxes, with the shipped demo credentials
 * (SANDBOX ONLY: public values, see src/sandbox/resources/sandbox/README.md).
 */
public final class SandboxProfile {

    private SandboxProfile() {
    }

    /** Overrides for the bundle: Fintecture's base URL, demo app id/secret, and the demo key written to dataDir. */
    public static Map<String, String> fintecture(FintectureSandbox sandbox, Path dataDir) throws IOException {
        return Map.of(
                "payments.fintecture.base-url", sandbox.baseUrl(),
                "payments.fintecture.app-id", SandboxSettings.DEMO_APP_ID,
                "payments.fintecture.app-secret", SandboxSettings.DEMO_APP_SECRET,
                "payments.fintecture.private-key", demoPrivateKey(dataDir).toString());
    }

    /** Overrides for the bundle: Everifin's base URL and demo client, and where the payer comes back. */
    public static Map<String, String> everifin(org.paymentroutes.sandbox.everifin.EverifinSandbox sandbox, String bundleBaseUrl) {
        return Map.of(
                "payments.everifin.base-url", sandbox.baseUrl(),
                "payments.everifin.client-id", org.paymentroutes.sandbox.everifin.EverifinSandboxSettings.DEMO_CLIENT_ID,
                "payments.everifin.client-secret", org.paymentroutes.sandbox.everifin.EverifinSandboxSettings.DEMO_CLIENT_SECRET,
                "payments.everifin.callback-base-url", bundleBaseUrl);
    }

    /** Writes the demo private key (a classpath resource, so it works from the jar) to a file the bundle can read. */
    public static Path demoPrivateKey(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("sandbox-fintecture-merchant-private.pem");
        try (InputStream in = SandboxProfile.class.getResourceAsStream(SandboxSettings.DEMO_PRIVATE_KEY_RESOURCE)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + SandboxSettings.DEMO_PRIVATE_KEY_RESOURCE);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
