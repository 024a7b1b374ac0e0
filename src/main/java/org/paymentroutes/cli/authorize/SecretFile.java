package org.paymentroutes.cli.authorize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** A secret (a refresh token) written to a file only its owner can read. */
public final class SecretFile {

    private SecretFile() {
    }

    /**
     * Writes {@code secret} to {@code target} readable by its owner only: a temporary file created with
     * permissions 600 (where the file system has POSIX permissions) in the same directory, then moved
     * into place atomically, so the secret is never in a file with wider permissions nor half-written.
     * A missing parent directory is created with permissions 700.
     */
    public static void store(Path target, String secret) throws IOException {
        Path dir = target.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            if (posix(dir.getParent() == null ? dir : dir.getParent())) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path directory = dir == null ? Path.of("").toAbsolutePath() : dir;
        boolean posix = posix(directory);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
        try {
            Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
            if (posix) {
                // createTempFile's attribute is subject to the umask; 600 is what we want whatever the umask.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether files in {@code dir} have POSIX permissions (so that 600 means something). */
    public static boolean posix(Path dir) {
        return dir != null && dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
