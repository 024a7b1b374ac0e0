package org.paymentroutes.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bundle's data directory ({@code payments.data-dir}): the embedded broker's journal, the H2
 * store and the installation's own secrets live there, so it is readable by the bundle's user
 * alone: directories 700, files 600, whatever the umask made them.
 */
public final class DataDirectory {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** Creates {@code dir} (and parents) if needed and makes it and everything under it private. */
    public static Path secure(Path dir) {
        try {
            Files.createDirectories(dir);
            if (!POSIX) {
                return dir;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (!Files.isSymbolicLink(p)) {
                        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIRECTORY : FILE);
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " private", e);
        }
    }

    /**
     * The installation's secret in {@code file}, made on first use: 32 random bytes, hex, in a file
     * of mode 600 created with that mode (never readable by others, not even for a moment).
     */
    public static String installationSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            if (POSIX) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }
}
