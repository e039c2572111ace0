package org.colorize.core.bundle;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred damaged model bundles made from a real one (cut short, bytes flipped, zip lengths
 * overwritten, entries damaged inside and stored again with valid zip framing): each either loads or
 * fails with an IOException whose message names the file, within a time bound; never an Error, never
 * another exception.
 */
class BundleFuzzTest {

    private static final int MUTANTS = 240;
    private static final double SECONDS_EACH = 10;

    @Test
    void everyDamagedBundleLoadsOrFailsNamingItsFile(@TempDir Path tmp) throws Exception {
        Path good = tmp.resolve("good.zip");
        TinyModels.lToAb().save(good);
        byte[] bytes = Files.readAllBytes(good);
        ModelBundle.load(good).close(); // the seed itself loads
        Random r = new Random(20261203L);
        int loaded = 0, refused = 0;
        double slowest = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] m = switch (i % 4) {
                case 0 -> Arrays.copyOf(bytes, r.nextInt(bytes.length)); // cut short
                case 1 -> flip(bytes, r, 1 + r.nextInt(16)); // flipped bytes anywhere (zip framing included)
                case 2 -> overwriteInt(bytes, r); // a length or offset overwritten
                default -> damageEntry(good, r); // an entry's content damaged, the zip itself valid
            };
            Path f = tmp.resolve("mutant-" + i + ".zip");
            Files.write(f, m);
            long t0 = System.nanoTime();
            try {
                ModelBundle.load(f).close();
                loaded++;
            } catch (IOException e) {
                refused++;
                assertTrue(e.getMessage() != null && e.getMessage().contains(f.toString()),
                        "mutant " + i + ": the message names the file: " + e);
            } catch (RuntimeException | Error e) {
                fail("mutant " + i + " (kind " + i % 4 + "): " + e.getClass().getName() + " instead of an IOException", e);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            slowest = Math.max(slowest, s);
            assertTrue(s < SECONDS_EACH, "mutant " + i + " took " + s + " s");
        }
        System.out.printf("bundle fuzz: %d mutants, %d loaded, %d refused, slowest %.2f s%n", MUTANTS, loaded, refused, slowest);
        assertTrue(refused > MUTANTS / 2, "most damage is detected: " + refused + " of " + MUTANTS);
    }

    private static byte[] flip(byte[] src, Random r, int n) {
        byte[] b = src.clone();
        for (int k = 0; k < n; k++) {
            int p = r.nextInt(b.length);
            b[p] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
    }

    private static byte[] overwriteInt(byte[] src, Random r) {
        byte[] b = src.clone();
        int p = r.nextInt(b.length - 4);
        int v = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MAX_VALUE;
            default -> r.nextInt();
        };
        for (int k = 0; k < 4; k++) {
            b[p + k] = (byte) (v >>> (8 * k));
        }
        return b;
    }

    /** The bundle rewritten with one entry's bytes damaged (cut, flipped, or a header length overwritten). */
    private static byte[] damageEntry(Path good, Random r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream zip = new ZipOutputStream(out)) {
            List<ZipEntry> entries = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                entries.add(en.nextElement());
            }
            ZipEntry victim = entries.get(r.nextInt(entries.size()));
            for (ZipEntry e : entries) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e == victim && data.length > 0) {
                    data = switch (r.nextInt(3)) {
                        case 0 -> Arrays.copyOf(data, r.nextInt(data.length));
                        case 1 -> flip(data, r, 1 + r.nextInt(8));
                        default -> overwriteInt(data.length > 8 ? data : Arrays.copyOf(data, 8), r);
                    };
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(data);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
