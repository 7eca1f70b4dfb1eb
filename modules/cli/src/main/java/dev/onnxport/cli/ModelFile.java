package dev.onnxport.cli;

import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.writer.OnnxWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An exported model in any of onnxport's layouts: a protobuf file (external data beside it), a folder holding
 * {@code model.onnx}, or a zip archive (extracted to a temporary folder, removed on close), seen as one
 * protobuf file that ONNX Runtime can open.
 */
final class ModelFile implements AutoCloseable {
    private final Path given;
    private final Path onnx;
    private final Path tempDir;
    private ModelProto proto;

    private ModelFile(Path given, Path onnx, Path tempDir) {
        this.given = given;
        this.onnx = onnx;
        this.tempDir = tempDir;
    }

    static ModelFile open(Path p) {
        if (!Files.exists(p)) throw new IllegalArgumentException("no such file: " + p);
        if (Files.isDirectory(p)) {
            Path m = p.resolve(OnnxWriter.MODEL_ENTRY);
            if (!Files.isRegularFile(m)) throw new IllegalArgumentException(p + " is a folder without " + OnnxWriter.MODEL_ENTRY);
            return new ModelFile(p, m, null);
        }
        return isZip(p) ? extract(p) : new ModelFile(p, p, null);
    }

    /** The protobuf file, with its external data (if any) beside it. */
    Path onnx() { return onnx; }

    /** The parsed model (external data is not loaded); fails with one line when the file is not an ONNX model. */
    ModelProto proto() {
        if (proto == null) {
            try (InputStream in = Files.newInputStream(onnx)) {
                proto = ModelProto.parseFrom(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + given + " as an ONNX model: " + e.getMessage(), e);
            }
            if (!proto.hasGraph()) throw new IllegalArgumentException(given + " is not an ONNX model: it has no graph");
        }
        return proto;
    }

    /** Bytes on disk: the file, its external data file, or every file of the folder. */
    static long bytes(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            long n = s.filter(Files::isRegularFile).mapToLong(ModelFile::size).sum();
            Path data = p.resolveSibling(p.getFileName() + ".data");
            return Files.isRegularFile(p) && Files.isRegularFile(data) ? n + size(data) : n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isZip(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static ModelFile extract(Path zip) {
        try {
            Path dir = Files.createTempDirectory("onnxport-zip");
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    Path target = dir.resolve(e.getName()).normalize();
                    if (!target.startsWith(dir)) throw new IllegalArgumentException(zip + " has an entry outside the archive: " + e.getName());
                    if (e.isDirectory()) continue;
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            Path m = dir.resolve(OnnxWriter.MODEL_ENTRY);
            if (!Files.isRegularFile(m)) throw new IllegalArgumentException(zip + " is a zip archive without " + OnnxWriter.MODEL_ENTRY);
            return new ModelFile(zip, m, dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot extract " + zip + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (tempDir == null) return;
        deleteTree(tempDir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
