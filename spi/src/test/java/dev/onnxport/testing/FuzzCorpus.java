package dev.onnxport.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The seed corpus of a Jazzer {@code @FuzzTest}: the files in
 * {@code src/test/resources/<package>/<TestClass>Inputs/<method>/}, which Jazzer replays in a plain test
 * run (regression mode) and starts from when fuzzing. Seeds made by the code (valid files, the malformed
 * catalogue) are kept in step with it here, like golden files: a difference fails, and
 * {@code -Dgolden.update=true} rewrites them. Other files in the folder (crashes found by fuzzing,
 * kept as regression cases) are left alone.
 */
public final class FuzzCorpus {
    private FuzzCorpus() {}

    /** Compares each of {@code seeds} (file name to bytes) with the corpus of {@code testClass#method}, or rewrites them. */
    public static void check(Class<?> testClass, String method, Map<String, byte[]> seeds) {
        Path dir = dir(testClass, method);
        boolean update = Boolean.getBoolean("golden.update");
        try {
            if (update) Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> s : seeds.entrySet()) {
                Path file = dir.resolve(s.getKey());
                if (update) {
                    Files.write(file, s.getValue());
                } else if (!Files.exists(file)) {
                    fail("seed " + file + " is missing; run with -Dgolden.update=true to write it, then commit it");
                } else {
                    assertArrayEquals(s.getValue(), Files.readAllBytes(file),
                            "seed " + file + " differs from what the code makes now (rerun with -Dgolden.update=true if intended)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the corpus in " + dir, e);
        }
    }

    /** How many files the corpus of {@code testClass#method} holds; at least {@code min}. */
    public static long size(Class<?> testClass, String method, long min) {
        Path dir = dir(testClass, method);
        try (Stream<Path> s = Files.list(dir)) {
            long n = s.filter(Files::isRegularFile).count();
            assertTrue(n >= min, dir + " holds " + n + " seeds, fewer than " + min);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The corpus folder in the source tree (found from Surefire's {@code basedir}, or the working directory). */
    public static Path dir(Class<?> testClass, String method) {
        String base = System.getProperty("basedir");
        Path root = base != null ? Path.of(base) : Path.of("").toAbsolutePath();
        return root.resolve("src/test/resources").resolve(testClass.getPackageName().replace('.', '/'))
                .resolve(testClass.getSimpleName() + "Inputs").resolve(method);
    }
}
