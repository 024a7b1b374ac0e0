package org.paymentroutes.sandbox.everifin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * The {@code image} of an IMAGE_SCAN input: a small QR-looking PNG (three finder squares and
 * pseudo-random modules, different per payment), as a {@code data:image/png;base64,...} URL that
 * a front end can put straight into an {@code <img src>}. It encodes nothing; the PNG is written
 * by hand so the sandbox needs no java.desktop (ImageIO).
 */
final class ScanImage {

    private static final int MODULES = 25;
    private static final int QUIET = 2;
    private static final int SCALE = 4;

    private ScanImage() {
    }

    static String dataUrl(long paymentId) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(paymentId));
    }

    static byte[] png(long seed) {
        boolean[][] dark = modules(seed);
        int size = (MODULES + 2 * QUIET) * SCALE;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < size; y++) {
            raw.write(0); // filter type None
            for (int x = 0; x < size; x++) {
                int mx = x / SCALE - QUIET;
                int my = y / SCALE - QUIET;
                boolean on = mx >= 0 && my >= 0 && mx < MODULES && my < MODULES && dark[my][mx];
                raw.write(on ? 0 : 255);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] header = new byte[13];
        putInt(header, 0, size);
        putInt(header, 4, size);
        header[8] = 8;  // bit depth
        header[9] = 0;  // greyscale
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", deflate(raw.toByteArray()));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static boolean[][] modules(long seed) {
        boolean[][] dark = new boolean[MODULES][MODULES];
        Random random = new Random(seed); // not security relevant: only the picture varies
        for (int y = 0; y < MODULES; y++) {
            for (int x = 0; x < MODULES; x++) {
                dark[y][x] = random.nextBoolean();
            }
        }
        finder(dark, 0, 0);
        finder(dark, MODULES - 7, 0);
        finder(dark, 0, MODULES - 7);
        return dark;
    }

    /** A 7x7 finder square with its light separator, as in a QR code's corners. */
    private static void finder(boolean[][] dark, int left, int top) {
        for (int y = -1; y <= 7; y++) {
            for (int x = -1; x <= 7; x++) {
                int mx = left + x;
                int my = top + y;
                if (mx < 0 || my < 0 || mx >= MODULES || my >= MODULES) {
                    continue;
                }
                boolean ring = x == 0 || y == 0 || x == 6 || y == 6;
                boolean core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
                dark[my][mx] = x >= 0 && y >= 0 && x <= 6 && y <= 6 && (ring || core);
            }
        }
    }

    private static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            deflater.write(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] length = new byte[4];
        putInt(length, 0, data.length);
        png.writeBytes(length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] crcBytes = new byte[4];
        putInt(crcBytes, 0, (int) crc.getValue());
        png.writeBytes(crcBytes);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
