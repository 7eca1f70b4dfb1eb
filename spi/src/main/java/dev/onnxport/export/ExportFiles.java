package dev.onnxport.export;

import dev.onnxport.onnx.writer.ExportFormat;
import dev.onnxport.onnx.writer.OnnxWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where an export's files are and how big they are, by format. */
final class ExportFiles {
    private ExportFiles() {}

    /** The ONNX protobuf file of an export to {@code f}; null for ZIP formats, which hold it as an entry. */
    static Path modelFile(Path f, ExportFormat format) {
        return switch (format) {
            case PROTOBUF_FILE -> f;
            case DIRECTORY -> f.resolve(OnnxWriter.MODEL_ENTRY);
            case ZIP_ARCHIVE, COMPRESSED_ZIP_ARCHIVE -> null;
        };
    }

    /** Bytes written: the file, plus its external data file beside it, or every file of the folder. */
    static long bytesOnDisk(Path f, ExportFormat format, boolean externalData) {
        try {
            if (format == ExportFormat.DIRECTORY) {
                try (Stream<Path> files = Files.walk(f)) {
                    return files.filter(Files::isRegularFile).mapToLong(ExportFiles::size).sum();
                }
            }
            Path data = f.resolveSibling(f.getFileName() + ".data");
            return size(f) + (format == ExportFormat.PROTOBUF_FILE && externalData ? size(data) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not measure the export " + f + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
