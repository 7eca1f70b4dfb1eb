package dev.onnxport.onnx.writer;

import dev.onnxport.errors.OnnxExporterError;
import dev.onnxport.util.AtomicFile;
import dev.onnxport.util.Temporaries;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an {@link AssembledModel} in one of the {@link ExportFormat}s, to a path (atomically: nothing is
 * visible until every file is complete) or to a stream.
 *
 * <ul>
 *   <li>PROTOBUF_FILE: the model at the path; external data in {@code NAME.ID.data} beside it (NAME the model's
 *       file name, ID 16 random hex digits of this write).</li>
 *   <li>DIRECTORY: the path is a folder (created when missing) holding {@code model.onnx} and, with external data,
 *       {@code model.onnx.ID.data}.</li>
 *   <li>ZIP_ARCHIVE / COMPRESSED_ZIP_ARCHIVE: entries {@code model.onnx} and {@code model.onnx.data}, stored or
 *       deflated, with a fixed timestamp so that equal models give equal archives.</li>
 * </ul>
 * External data is used when {@link WriterOptions#externalData()} asks for it, or, when that is null, when
 * the embedded model would pass protobuf's 2 GiB limit (see {@link ExternalDataLayout} for the layout).
 *
 * <p><b>A model and its data file.</b> The data file's name is new for every write, so replacing a model never
 * replaces the data file the old model refers to: the data file is complete and in place before the model is
 * renamed over the target, and a writer stopped in between (even by SIGKILL) leaves the old model with its own
 * data. After the rename the writer removes the data files of earlier writes ({@code NAME.data}, {@code NAME.*.data})
 * that the model now at the target does not refer to, except those of writers still under way: a data file
 * {@code NAME.ID.data} is pending while the model's temporary file {@code .NAME.onnxport-tmp-PID-ID} with the same
 * ID exists and its writer is alive. Concurrent writers to one target therefore leave the last model renamed and
 * its data file, nothing else.
 *
 * <p><b>Checking what was written.</b> {@link #write(Plan, ExportFormat, Path, BeforeReplace)} hands this write's
 * own file (the model's temporary file, its data file already in place beside it; or the temporary archive) to
 * the caller before the target is replaced, so that a check or a runtime reads these bytes and never the shared
 * target, which another process may replace at any time.
 */
public final class OnnxWriter {
    private OnnxWriter() {}

    /** The model's file name inside a folder or zip archive. */
    public static final String MODEL_ENTRY = "model.onnx";
    /** About how many bytes a write produces between two calls of its {@link Progress}: 4 MiB. */
    public static final long PROGRESS_STEP = 4L << 20;
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** What will be written: the model bytes and, when weights are external, the data file. */
    public static final class Plan {
        private final AssembledModel assembled;
        private final ModelSerializer model;
        private final ExternalDataLayout data;

        private Plan(AssembledModel assembled, ModelSerializer model, ExternalDataLayout data) {
            this.assembled = assembled;
            this.model = model;
            this.data = data;
        }

        /** This plan with the data file named {@code location}; the model's size changes with the name's length. */
        private Plan withDataFile(String location) {
            ExternalDataLayout at = data.at(location);
            ModelSerializer ser = ModelSerializer.external(assembled, at);
            if (!ser.fitsProtobufLimit()) {
                throw new OnnxExporterError("the model without its weights still takes " + ser.size()
                        + " bytes, past protobuf's 2 GiB limit; large constants inside nodes cannot be made external");
            }
            return new Plan(assembled, ser, at);
        }

        /** Bytes of the model file (a write to a path adds the length of its data file's ID to each external tensor). */
        public long modelBytes() { return model.size(); }

        /** The external data layout, or null when every weight is embedded. */
        public ExternalDataLayout externalData() { return data; }
    }

    /**
     * Decides embedded or external weights and checks that the result can be written; fails with an
     * OnnxExporterError before anything is written. {@code modelFileName} names the data file of an archive or
     * stream ({@code <modelFileName>.data}); a write to a path names it {@code NAME.ID.data} when it writes it.
     * {@code toStream} is true when the target is an OutputStream.
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
            return new Plan(m, embedded, null);
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
        return new Plan(m, ser, layout.isEmpty() ? null : layout);
    }

    /**
     * What a caller does with a write's own files before the target is replaced (check them, run them): {@code
     * written} is the model's temporary file beside the target, with its external data file already in place
     * beside it, or the temporary archive of a ZIP format; {@code sizes} says what was written. The target is
     * replaced afterwards even when this throws (the exception then follows), as it would be had the caller checked
     * after the write.
     */
    @FunctionalInterface
    public interface BeforeReplace {
        void inspect(Path written, Written sizes);
    }

    /**
     * What a write put on disk.
     *
     * @param modelBytes bytes of the model file (or of the archive)
     * @param dataBytes  bytes of the external data file, 0 without one
     * @param dataFile   the data file's name beside the model, or null (none, or inside an archive)
     */
    public record Written(long modelBytes, long dataBytes, String dataFile) {
        /** All bytes written. */
        public long bytes() { return modelBytes + dataBytes; }
    }

    /**
     * How far a write is: {@code done} of {@code total} bytes. Called on the writing thread with 0 first, then about
     * every {@link #PROGRESS_STEP} bytes (within a large tensor too), last with {@code done == total}. The bytes are
     * those of the files written to a path (the model file and its data file: {@code total} is their size), of the
     * model written to a stream, or for a zip archive the entries' contents before compression, counted twice for
     * {@link ExportFormat#ZIP_ARCHIVE}, whose stored entries are read once for their checksum first.
     */
    @FunctionalInterface
    public interface Progress {
        void bytes(long done, long total);
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
    public static Written write(Plan plan, ExportFormat format, Path target) {
        return write(plan, format, target, null);
    }

    /**
     * Writes a plan made by {@link #plan} to {@code target}, giving this write's own files to {@code before}
     * (when not null) before the target is replaced.
     */
    public static Written write(Plan plan, ExportFormat format, Path target, BeforeReplace before) {
        return write(plan, format, target, before, null);
    }

    /**
     * Writes a plan made by {@link #plan} to {@code target} like {@link #write(Plan, ExportFormat, Path, BeforeReplace)},
     * telling {@code progress} (when not null) how many bytes are written; it hears of the last byte before
     * {@code before} runs.
     */
    public static Written write(Plan plan, ExportFormat format, Path target, BeforeReplace before, Progress progress) {
        try {
            return switch (format) {
                case PROTOBUF_FILE -> files(plan, target, before, progress);
                case DIRECTORY -> {
                    if (Files.exists(target) && !Files.isDirectory(target)) {
                        throw new OnnxExporterError("format DIRECTORY needs a folder, but " + target + " is a file; "
                                + "choose another path or format PROTOBUF_FILE");
                    }
                    boolean created = !Files.exists(target);
                    Files.createDirectories(target);
                    try {
                        yield files(plan, target.resolve(MODEL_ENTRY), before, progress);
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
                case ZIP_ARCHIVE, COMPRESSED_ZIP_ARCHIVE -> archive(plan, format, target, before, progress);
            };
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
        write(plan, format, out, null);
    }

    /** {@link #write(Plan, ExportFormat, OutputStream)}, telling {@code progress} (when not null) how far it is. */
    public static void write(Plan plan, ExportFormat format, OutputStream out, Progress progress) {
        try {
            if (format == ExportFormat.PROTOBUF_FILE) {
                ByteCounter counter = ByteCounter.start(progress, plan.model.size());
                plan.model.writeTo(ByteCounter.counting(out, counter));
                if (counter != null) counter.finish();
            } else {
                zip(plan, format, out, progress);
            }
            out.flush();
        } catch (IOException e) {
            throw new OnnxExporterError("could not write the model to the stream: " + e, e);
        }
    }

    /** The model at {@code modelPath} and its data file, if any (see the class comment for the order of things). */
    private static Written files(Plan plan, Path modelPath, BeforeReplace before, Progress progress) throws IOException {
        modelPath = modelPath.toAbsolutePath();
        Written written;
        // The model's temporary file exists before the data file is placed and is renamed after it: while it exists
        // (and its writer lives), other writers know that the data file with the same id is pending.
        try (AtomicFile model = AtomicFile.begin(modelPath)) {
            Path data = null;
            try {
                Plan p = plan.data == null ? plan : plan.withDataFile(dataFileName(modelPath, model.id()));
                ByteCounter counter = ByteCounter.start(progress, p.model.size() + (p.data == null ? 0 : p.data.fileSize()));
                if (p.data != null) {
                    data = modelPath.resolveSibling(p.data.location());
                    Temporaries.register(data);  // until the model is in place: removed on failure or a signal
                    ExternalDataLayout layout = p.data;
                    try (AtomicFile f = AtomicFile.begin(data)) {
                        ChannelSink out = ChannelSink.over(f, counter, layout.fileSize());
                        layout.writeData(out);
                        out.flush();
                        f.commit();
                    }
                }
                ChannelSink out = ChannelSink.over(model, counter, p.model.size());
                p.model.writeTo(out);
                out.flush();
                model.force();
                if (counter != null) counter.finish();
                written = new Written(p.model.size(), p.data == null ? 0 : p.data.fileSize(),
                        p.data == null ? null : p.data.location());
                Runnable stop = BETWEEN_RENAMES;
                if (data != null && stop != null) stop.run();
                Throwable failed = inspect(before, model.temp(), written);
                // From here a signal leaves the data file (no model refers to it until the rename; the next write to
                // the target removes it) rather than remove it from under a model renamed a moment later.
                if (data != null) Temporaries.unregister(data);
                commit(model, failed);
            } catch (IOException | RuntimeException | Error e) {
                if (data != null && !model.committed()) Temporaries.delete(data);
                throw e;
            }
        }
        try {
            removeUnreferencedData(modelPath);
        } catch (IOException | RuntimeException e) {
            // the model is in place; a data file left over is removed by a later write
        }
        return written;
    }

    /** Gives a write's own file to {@code before}; what it threw, or null. */
    private static Throwable inspect(BeforeReplace before, Path written, Written sizes) {
        try {
            if (before != null) before.inspect(written, sizes);
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }

    /** Moves the file into place, then throws what the caller's inspection threw (if anything). */
    private static void commit(AtomicFile f, Throwable failed) throws IOException {
        try {
            f.commit();
        } catch (IOException | RuntimeException e) {
            if (failed == null) throw e;
            failed.addSuppressed(e);
        }
        if (failed instanceof RuntimeException r) throw r;
        if (failed instanceof Error err) throw err;
    }

    /**
     * For tests: run after a model's data file is in place and before the model is (between the two renames), e.g.
     * to stop the JVM there. Null in production.
     */
    static volatile Runnable BETWEEN_RENAMES;

    /** A zip archive: one file, one rename. */
    private static Written archive(Plan plan, ExportFormat format, Path target, BeforeReplace before, Progress progress)
            throws IOException {
        try (AtomicFile f = AtomicFile.begin(target)) {
            ChannelSink out = new ChannelSink(f, null);
            zip(plan, format, out, progress);
            out.flush();
            f.force();
            Written written = new Written(f.channel().size(), 0, null);
            commit(f, inspect(before, f.temp(), written));
            return written;
        }
    }

    // ---- data file names ------------------------------------------------------------------------------------------

    private static final String DATA_SUFFIX = ".data";
    /** Room for {@code .ID.data} after the model's name in a data file's name. */
    private static final int DATA_NAME_BUDGET = Temporaries.MAX_NAME_BYTES - 1 - 16 - DATA_SUFFIX.length();

    /**
     * The data file of a model written to {@code modelPath} by the write with temporary id {@code id}:
     * {@code NAME.ID.data}, NAME shortened to keep the name within 255 bytes.
     */
    static String dataFileName(Path modelPath, String id) {
        return dataPrefix(modelPath) + id + DATA_SUFFIX;
    }

    private static String dataPrefix(Path modelPath) {
        return Temporaries.fit(String.valueOf(modelPath.toAbsolutePath().getFileName()), DATA_NAME_BUDGET) + ".";
    }

    private static final Pattern DATA_ID = Pattern.compile("([0-9a-f]{16})\\.data");

    /**
     * Whether {@code file} is, by its name, a data file that a write to {@code modelPath} may remove: the model's
     * {@code NAME.data} or {@code NAME.ID.data} beside it.
     */
    public static boolean isDataFileOf(Path modelPath, Path file) {
        Path m = modelPath.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!java.util.Objects.equals(m.getParent(), f.getParent()) || f.getFileName() == null) return false;
        String name = f.getFileName().toString();
        if (name.equals(m.getFileName() + DATA_SUFFIX)) return true;
        String prefix = dataPrefix(m);
        return name.startsWith(prefix) && DATA_ID.matcher(name.substring(prefix.length())).matches();
    }

    /**
     * Removes the data files of earlier writes beside {@code modelPath} that the model there does not refer to,
     * except pending ones (their model's temporary file exists and its writer lives). Whether a file is pending is
     * decided before the model is read: a pending file's model is renamed before its temporary file disappears, so
     * a file found not pending and not referred to will never be referred to. Nothing is removed when the model at
     * the path cannot be read.
     */
    private static void removeUnreferencedData(Path modelPath) throws IOException {
        Path dir = modelPath.getParent();
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, f -> isDataFileOf(modelPath, f))) {
            for (Path f : s) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !pending(modelPath, f)) candidates.add(f);
            }
        }
        if (candidates.isEmpty()) return;
        Set<String> used = DataFiles.referencedBy(modelPath);
        if (used == null) return;
        for (Path f : candidates) {
            if (!used.contains(f.getFileName().toString())) Files.deleteIfExists(f);
        }
    }

    /** Whether the data file {@code data} of a write to {@code modelPath} belongs to a write still under way. */
    private static boolean pending(Path modelPath, Path data) throws IOException {
        if (Temporaries.isRegistered(data)) return true;
        String name = data.getFileName().toString();
        Matcher m = DATA_ID.matcher(name.substring(Math.min(name.length(), dataPrefix(modelPath).length())));
        if (!name.startsWith(dataPrefix(modelPath)) || !m.matches()) return false;  // NAME.data: never pending
        String tempPrefix = AtomicFile.prefix(modelPath);
        String tempEnd = "-" + m.group(1);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(modelPath.getParent(),
                f -> f.getFileName().toString().startsWith(tempPrefix) && f.getFileName().toString().endsWith(tempEnd))) {
            for (Path t : s) if (!AtomicFile.isStale(t)) return true;
        }
        return false;
    }

    /** The archive's entries; {@code progress} counts their contents (twice when stored: checksum, then write). */
    private static void zip(Plan plan, ExportFormat format, OutputStream out, Progress progress) throws IOException {
        boolean stored = format == ExportFormat.ZIP_ARCHIVE;
        ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
            @Override public void close() throws IOException { flush(); }
        });
        long contents = plan.model.size() + (plan.data == null ? 0 : plan.data.fileSize());
        ByteCounter counter = ByteCounter.start(progress, stored ? 2 * contents : contents);
        entry(zip, MODEL_ENTRY, stored, counter, plan.model::writeTo);
        if (plan.data != null) entry(zip, plan.data.location(), stored, counter, plan.data::writeData);
        zip.finish();
        zip.flush();
        if (counter != null) counter.finish();
    }

    /** Writes the content of one archive entry. */
    @FunctionalInterface
    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** A stored entry needs its CRC and size up front: the body runs twice, first only to measure it. */
    private static void entry(ZipOutputStream zip, String name, boolean stored, ByteCounter progress, Body body)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ZIP_TIME);
        if (stored) {
            CRC32 crc = new CRC32();
            CountingStream counter = new CountingStream();
            body.write(ByteCounter.counting(new CheckedOutputStream(counter, crc), progress));
            e.setMethod(ZipEntry.STORED);
            e.setSize(counter.count);
            e.setCompressedSize(counter.count);
            e.setCrc(crc.getValue());
        } else {
            e.setMethod(ZipEntry.DEFLATED);
        }
        zip.putNextEntry(e);
        body.write(ByteCounter.counting(zip, progress));
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
