package dev.onnxport.onnx.reader;

import dev.onnxport.onnx.writer.OnnxWriter;
import dev.onnxport.util.Temporaries;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Extracts a zip archive to a new temporary folder ({@link Temporaries}: {@code onnxport-zip-PID-ID} in the system's
 * temporary folder, removed on close, on failure, and by the shutdown hook on SIGTERM or SIGINT), refusing entries that would land outside it and stopping
 * as soon as the bytes written pass {@link ReadLimits#maxZipExtractedBytes}: the sizes an archive declares are
 * not trusted, the bytes actually inflated are counted.
 */
final class ZipExtraction {
    private ZipExtraction() {}

    /** The temporary folder holding the entries; removed again when extraction fails. */
    static Path extract(Path zip, ReadLimits limits) {
        Path dir;
        try {
            dir = Temporaries.createTempFolder("zip");
        } catch (IOException e) {
            throw new ModelFileError(zip, "cannot create a temporary folder to extract it: " + e, e);
        }
        try {
            extractInto(zip, dir, limits);
            return dir;
        } catch (RuntimeException | Error e) {
            Temporaries.delete(dir);
            throw e;
        }
    }

    private static void extractInto(Path zip, Path dir, ReadLimits limits) {
        long total = 0;
        int count = 0;
        Set<Path> seen = new HashSet<>();
        byte[] buf = new byte[1 << 16];
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (++count > limits.maxZipEntries()) {
                    throw new ModelFileError(zip, "has more than " + limits.maxZipEntries() + " entries, the limit for a model archive");
                }
                String name = e.getName();
                Path target = dir.resolve(name).normalize();
                if (escapes(name) || !target.startsWith(dir) || target.equals(dir)) {
                    throw new ModelFileError(zip, "entry '" + LimitCheck.show(name) + "' points outside the archive's folder");
                }
                if (!seen.add(target)) throw new ModelFileError(zip, "entry '" + LimitCheck.show(name) + "' appears twice");
                if (Temporaries.shuttingDown()) throw new IOException("onnxport is stopping");
                if (e.isDirectory()) {
                    createBelow(dir, target);
                    continue;
                }
                createBelow(dir, target.getParent());
                boolean model = dir.resolve(OnnxWriter.MODEL_ENTRY).equals(target);
                long entryBytes = 0;
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        entryBytes += n;
                        total += n;
                        if (total > limits.maxZipExtractedBytes()) {
                            throw new ModelFileError(zip, "extracting it would write more than " + limits.maxZipExtractedBytes()
                                    + " bytes, the limit for a model archive (entry '" + LimitCheck.show(name) + "')");
                        }
                        if (model && entryBytes > limits.maxModelFileBytes()) {
                            throw new ModelFileError(zip, "entry " + OnnxWriter.MODEL_ENTRY + " is more than "
                                    + limits.maxModelFileBytes() + " bytes, past the protobuf limit");
                        }
                        out.write(buf, 0, n);
                    }
                }
            }
        } catch (IOException e) {
            throw new ModelFileError(zip, "not a readable zip archive: " + LimitCheck.show(String.valueOf(e.getMessage())), e);
        }
        if (count == 0) throw new ModelFileError(zip, "is a zip archive without entries");
    }

    /**
     * Creates the folders from {@code dir} down to {@code folder}, never {@code dir} itself: once the shutdown hook has
     * removed the extraction folder, extracting fails instead of making it again.
     */
    private static void createBelow(Path dir, Path folder) throws IOException {
        if (folder.equals(dir)) return;
        Path cur = dir;
        for (Path part : dir.relativize(folder)) {
            cur = cur.resolve(part);
            if (!Files.isDirectory(cur)) Files.createDirectory(cur);
        }
    }

    /** Absolute names, drive letters and {@code ..} parts, with either separator. */
    private static boolean escapes(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) return true;
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) return true;
        }
        return name.indexOf('\0') >= 0;
    }
}
