package dev.onnxport.onnx.writer;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.util.AtomicFile;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an {@link AssembledModel} in one of the {@link ExportFormat}s, to a path (atomically: nothing is
 * visible until every file is complete) or to a stream.
 *
 * <ul>
 *   <li>PROTOBUF_FILE: the model at the path; external data in {@code <model file name>.data} beside it.</li>
 *   <li>DIRECTORY: the path is a folder (created when missing) holding {@code model.onnx} and
 *       {@code model.onnx.data}.</li>
 *   <li>ZIP_ARCHIVE / COMPRESSED_ZIP_ARCHIVE: entries {@code model.onnx} and {@code model.onnx.data}, stored or
 *       deflated, with a fixed timestamp so that equal models give equal archives.</li>
 * </ul>
 * External data is used when {@link WriterOptions#externalData()} asks for it, or, when that is null, when
 * the embedded model would pass protobuf's 2 GiB limit (see {@link ExternalDataLayout} for the layout).
 */
public final class OnnxWriter {
    private OnnxWriter() {}

    /** The model's file name inside a folder or zip archive. */
    public static final String MODEL_ENTRY = "model.onnx";
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** What will be written: the model bytes and, when weights are external, the data file. */
    public static final class Plan {
        private final ModelSerializer model;
        private final ExternalDataLayout data;

        private Plan(ModelSerializer model, ExternalDataLayout data) {
            this.model = model;
            this.data = data;
        }

        /** Bytes of the model file. */
        public long modelBytes() { return model.size(); }

        /** The external data layout, or null when every weight is embedded. */
        public ExternalDataLayout externalData() { return data; }
    }

    /**
     * Decides embedded or external weights and checks that the result can be written; fails with an
     * OnnxExporterError before anything is written. {@code modelFileName} names the data file
     * ({@code <modelFileName>.data}); {@code toStream} is true when the target is an OutputStream.
     */
    public static Plan plan(AssembledModel m, WriterOptions o, String modelFileName, boolean toStream) {
        if (toStream && o.format() == ExportFormat.DIRECTORY) {
            throw new OnnxExporterError("format DIRECTORY cannot be written to an OutputStream; export to a Path, "
                    + "or choose PROTOBUF_FILE or a ZIP format");
        }
        ModelSerializer embedded = ModelSerializer.embedded(m);
        boolean external = o.externalData() != null ? o.externalData() : !embedded.fitsProtobufLimit();
        if (!external) {
            if (!embedded.fitsProtobufLimit()) {
                throw new OnnxExporterError("the model takes " + embedded.size() + " bytes, past protobuf's 2 GiB limit, "
                        + "but externalData is false; set externalData to true or leave it unset (automatic)");
            }
            return new Plan(embedded, null);
        }
        if (toStream && o.format() == ExportFormat.PROTOBUF_FILE) {
            throw new OnnxExporterError("external data cannot be written to an OutputStream with format PROTOBUF_FILE "
                    + (o.externalData() == null ? "(the model passes 2 GiB, so it needs external data)" : "(externalData is true)")
                    + "; export to a Path, or choose ZIP_ARCHIVE / COMPRESSED_ZIP_ARCHIVE, which hold the data as an entry");
        }
        ExternalDataLayout layout = ExternalDataLayout.plan(m.initializers(), modelFileName + ".data");
        ModelSerializer ser = ModelSerializer.external(m, layout);
        if (!ser.fitsProtobufLimit()) {
            throw new OnnxExporterError("the model without its weights still takes " + ser.size()
                    + " bytes, past protobuf's 2 GiB limit; large constants inside nodes cannot be made external");
        }
        return new Plan(ser, layout.isEmpty() ? null : layout);
    }

    /** Writes to {@code target} in the options' format. */
    public static void write(AssembledModel m, WriterOptions o, Path target) {
        String modelName = switch (o.format()) {
            case PROTOBUF_FILE -> fileName(target);
            default -> MODEL_ENTRY;
        };
        write(plan(m, o, modelName, false), o.format(), target);
    }

    /** Writes a plan made by {@link #plan} to {@code target}. */
    public static void write(Plan plan, ExportFormat format, Path target) {
        try {
            switch (format) {
                case PROTOBUF_FILE -> files(plan, target);
                case DIRECTORY -> {
                    if (Files.exists(target) && !Files.isDirectory(target)) {
                        throw new OnnxExporterError("format DIRECTORY needs a folder, but " + target + " is a file; "
                                + "choose another path or format PROTOBUF_FILE");
                    }
                    boolean created = !Files.exists(target);
                    Files.createDirectories(target);
                    try {
                        files(plan, target.resolve(MODEL_ENTRY));
                    } catch (IOException | RuntimeException e) {
                        // A folder this call created is part of the output: leave nothing behind.
                        if (created) {
                            try {
                                Files.deleteIfExists(target);
                            } catch (IOException cleanup) {
                                e.addSuppressed(cleanup);
                            }
                        }
                        throw e;
                    }
                }
                case ZIP_ARCHIVE, COMPRESSED_ZIP_ARCHIVE -> AtomicFiles.writeFile(target, out -> zip(plan, format, out));
            }
        } catch (IOException e) {
            throw new OnnxExporterError("could not write " + target + ": " + e, e);
        }
    }

    /** Writes to {@code out} (left open); DIRECTORY and PROTOBUF_FILE with external data are refused before writing. */
    public static void write(AssembledModel m, WriterOptions o, OutputStream out) {
        Plan plan = plan(m, o, MODEL_ENTRY, true);
        write(plan, o.format(), out);
    }

    /** Writes a plan made by {@code plan(..., toStream = true)} to {@code out} (left open). */
    public static void write(Plan plan, ExportFormat format, OutputStream out) {
        try {
            if (format == ExportFormat.PROTOBUF_FILE) plan.model.writeTo(out);
            else zip(plan, format, out);
            out.flush();
        } catch (IOException e) {
            throw new OnnxExporterError("could not write the model to the stream: " + e, e);
        }
    }

    private static void files(Plan plan, Path modelPath) throws IOException {
        // A model without external data still owns the data file's name: sweep what a killed export left there.
        if (plan.data == null) AtomicFile.removeStale(modelPath.resolveSibling(modelPath.getFileName() + ".data"));
        try (AtomicFiles files = new AtomicFiles()) {
            if (plan.data != null) files.write(modelPath.resolveSibling(plan.data.location()), plan.data::writeData);
            files.write(modelPath, plan.model::writeTo);
            files.commit();
        }
        // The data file of an earlier export to this name belongs to the model just replaced: a stale one would
        // look like this model's weights. (The export refused to start if NAME.data was one of its inputs.)
        if (plan.data == null) {
            Path old = modelPath.resolveSibling(modelPath.getFileName() + ".data");
            if (Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) Files.deleteIfExists(old);
        }
    }

    private static void zip(Plan plan, ExportFormat format, OutputStream out) throws IOException {
        boolean stored = format == ExportFormat.ZIP_ARCHIVE;
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
            @Override public void close() throws IOException { flush(); }
        });
        entry(zip, MODEL_ENTRY, stored, plan.model::writeTo);
        if (plan.data != null) entry(zip, plan.data.location(), stored, plan.data::writeData);
        zip.finish();
        zip.flush();
    }

    /** A stored entry needs its CRC and size up front: the body runs twice, first only to measure it. */
    private static void entry(ZipOutputStream zip, String name, boolean stored, AtomicFiles.Body body) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ZIP_TIME);
        if (stored) {
            CRC32 crc = new CRC32();
            CountingStream counter = new CountingStream();
            body.write(new CheckedOutputStream(counter, crc));
            e.setMethod(ZipEntry.STORED);
            e.setSize(counter.count);
            e.setCompressedSize(counter.count);
            e.setCrc(crc.getValue());
        } else {
            e.setMethod(ZipEntry.DEFLATED);
        }
        zip.putNextEntry(e);
        body.write(zip);
        zip.closeEntry();
    }

    private static String fileName(Path p) {
        Path f = p.getFileName();
        if (f == null) throw new OnnxExporterError("the export path " + p + " has no file name; give a file such as model.onnx");
        return f.toString();
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override public void write(int b) { count++; }

        @Override public void write(byte[] b, int off, int len) { count += len; }
    }

}
