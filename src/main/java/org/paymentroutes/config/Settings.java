package org.paymentroutes.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bundle's configuration: the documented defaults from {@code application.properties}, then an
 * optional properties file, then environment variables, then system properties (highest wins).
 *
 * <p>Only keys documented in {@code application.properties} are looked up in the environment
 * ({@code payments.fintecture.base-url} &rarr; {@code PAYMENTS_FINTECTURE_BASE_URL}), so a typo in
 * a variable name cannot silently configure something else. Every accessor that fails throws a
 * {@link ConfigException} naming the key.
 */
public final class Settings {

    private static final String DEFAULTS = "/application.properties";

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Defaults, then {@code configFile} (may be null), then the process environment, then system properties. */
    public static Settings load(Path configFile) {
        return load(configFile, System.getenv(), System.getProperties());
    }

    /**
     * As {@link #load(Path)}, with {@code overrides} (the command line's {@code --set key=value})
     * taken exactly as {@code -Dkey=value} would be: they win over the file and the environment.
     * A key that is not a setting (nor the "-file" twin of one) is refused, naming it.
     */
    public static Settings load(Path configFile, Map<String, String> overrides) {
        Properties system = new Properties();
        system.putAll(System.getProperties());
        Set<String> known = readDefaults().stringPropertyNames();
        overrides.forEach((key, value) -> {
            String twin = key.endsWith("-file") ? key.substring(0, key.length() - "-file".length()) : key;
            if (!known.contains(key) && !known.contains(twin)) {
                throw new ConfigException(key, "is not a setting (given with --set); see the configuration table in README.md");
            }
            system.setProperty(key, value);
        });
        return load(configFile, System.getenv(), system);
    }

    static Settings load(Path configFile, Map<String, String> env, Properties system) {
        Map<String, String> values = new TreeMap<>();
        Properties defaults = readDefaults();
        defaults.stringPropertyNames().forEach(k -> values.put(k, defaults.getProperty(k)));
        Path file = configFile;
        if (file == null) {
            String named = firstNonNull(system.getProperty("payments.config"), env.get("PAYMENTS_CONFIG"));
            file = named == null || named.isBlank() ? null : Path.of(named);
        }
        if (file != null) {
            Properties fromFile = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(in);
            } catch (IOException e) {
                throw new ConfigException("payments.config", "cannot read " + file + " (" + e.getMessage() + ")");
            }
            fromFile.stringPropertyNames().forEach(k -> values.put(k, fromFile.getProperty(k)));
        }
        // Environment and system properties may override any documented key, and may also set the
        // "-file" twin of a key (a secret read from a file).
        for (String key : new TreeMap<>(values).keySet()) {
            for (String k : new String[] {key, key + "-file"}) {
                String fromEnv = env.get(envName(k));
                if (fromEnv != null) {
                    values.put(k, fromEnv);
                }
                String fromSystem = system.getProperty(k);
                if (fromSystem != null) {
                    values.put(k, fromSystem);
                }
            }
        }
        return new Settings(values);
    }

    /** Settings from explicit values over the defaults (tests and embedded use). */
    public static Settings of(Map<String, String> overrides) {
        Settings base = load(null, Map.of(), new Properties());
        Map<String, String> values = new TreeMap<>(base.values);
        values.putAll(overrides);
        return new Settings(values);
    }

    /** This configuration with some keys replaced. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(overrides);
        return new Settings(copy);
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value, or null when unset or blank. */
    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw new ConfigException(key, "is required but not set (set -D" + key + "=..., --set " + key + "=... or " + envName(key) + ")");
        }
        return v;
    }

    /**
     * A secret: the key's value, or the content of the file named by {@code key-file}. The value is
     * never part of an error message.
     */
    public String secret(String key) {
        String direct = get(key);
        if (direct != null) {
            return direct;
        }
        String file = get(key + "-file");
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException(key + "-file", "cannot read the secret file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    public String requireSecret(String key) {
        String v = secret(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key, "is required but not set (set it, or " + key + "-file to a file holding it)");
        }
        return v;
    }

    public int integer(String key, int min, int max) {
        String v = require(key);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, was '" + v + "'");
        }
    }

    public boolean bool(String key) {
        String v = require(key).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(key, "must be true or false, was '" + v + "'");
        };
    }

    /** An absolute http(s) URL, without a trailing slash. */
    public String httpUrl(String key) {
        String v = require(key);
        try {
            java.net.URI u = new java.net.URI(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new ConfigException(key, "must be an absolute http(s) URL, was '" + v + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL: '" + v + "'");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /** "host:port" split and checked. */
    public HostPort hostPort(String key) {
        return HostPort.parse(key, require(key));
    }

    /** Every key and value, secrets masked: for a start-up summary. */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, isSecretKey(k) && v != null && !v.isBlank() ? "****" : v));
        return out;
    }

    /** The keys routes may use as {@code {{placeholders}}}: everything but secrets, which stay in Java. */
    public Map<String, String> placeholders() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (!isSecretKey(k) && !k.endsWith("-file")) {
                out.put(k, v == null ? "" : v);
            }
        });
        return out;
    }

    static boolean isSecretKey(String key) {
        return key.endsWith("password") || key.endsWith("secret") || key.endsWith("token");
    }

    private static Properties readDefaults() {
        Properties p = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " missing from the classpath");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
        return p;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** A checked host:port pair. */
    public record HostPort(String host, int port) {
        public static HostPort parse(String key, String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new ConfigException(key, "must be host:port, was '" + value + "'");
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new ConfigException(key, "port must be 0-65535, was " + port);
                }
                return new HostPort(value.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "must be host:port, was '" + value + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
