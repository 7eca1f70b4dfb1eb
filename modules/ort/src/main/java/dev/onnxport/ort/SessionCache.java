package dev.onnxport.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import dev.onnxport.errors.CheckerError;
import dev.onnxport.util.Temporaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, least-recently-used cache of ONNX Runtime sessions, one per model file, because verification runs
 * many inputs on one model and opening a session costs far more than a run. A cached session is reused while
 * the file keeps its modification time and size; a changed file gets a new session.
 *
 * <p>Sessions are handed out as {@link Lease}s and reference-counted: a session that is evicted (or replaced)
 * while another thread still runs it is closed when that thread releases it, never under it.
 */
final class SessionCache {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);
    /** Threads per session: the machines this runs on are small and shared. */
    private static final int INTRA_OP_THREADS = 2;

    private final int capacity;
    /** Access-ordered: the first entry is the least recently used. Guarded by {@code this}, as are entry counts. */
    private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    SessionCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("session cache capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
    }

    /** ONNX Runtime's process-wide environment, fetched once: asking again with other settings logs a warning each time. */
    static OrtEnvironment environment() { return Environment.INSTANCE; }

    private static final class Environment {
        static final OrtEnvironment INSTANCE =
                OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "onnxport");
    }

    /** A session on {@code model}, opened now or reused; fails with a CheckerError naming the file. */
    Lease acquire(Path model) {
        Path key = model.toAbsolutePath().normalize();
        Stamp stamp = Stamp.of(key);
        Entry entry;
        List<Entry> retired = new ArrayList<>();
        synchronized (this) {
            entry = entries.get(key);
            if (entry != null && !entry.stamp.equals(stamp)) {
                entries.remove(key);
                retire(entry, retired);
                entry = null;
            }
            if (entry == null) {
                entry = new Entry(key, stamp);
                entries.put(key, entry);
                Iterator<Entry> lru = entries.values().iterator();
                while (entries.size() > capacity) {
                    Entry old = lru.next();
                    lru.remove();
                    retire(old, retired);
                }
            }
            entry.refs++;
        }
        closeAll(retired);
        try {
            return new Lease(entry, entry.open());
        } catch (RuntimeException e) {
            // A model that does not open is not cached; the next call tries again.
            synchronized (this) { entries.remove(key, entry); }
            release(entry);
            throw e;
        }
    }

    /** Closes every session not in use now; those in use close when released. The cache stays usable. */
    void clear() {
        List<Entry> retired = new ArrayList<>();
        synchronized (this) {
            for (Entry e : entries.values()) retire(e, retired);
            entries.clear();
        }
        closeAll(retired);
    }

    /** Number of cached sessions (for tests). */
    synchronized int size() { return entries.size(); }

    private void retire(Entry e, List<Entry> toClose) {
        e.retired = true;
        if (e.refs == 0) toClose.add(e);
    }

    private void release(Entry e) {
        boolean close;
        synchronized (this) {
            e.refs--;
            close = e.retired && e.refs == 0;
        }
        if (close) e.close();
    }

    private static void closeAll(List<Entry> entries) {
        for (Entry e : entries) e.close();
    }

    /** A session in use; closing the lease gives it back to the cache. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private final OrtSession session;
        private boolean released;

        private Lease(Entry entry, OrtSession session) {
            this.entry = entry;
            this.session = session;
        }

        OrtSession session() { return session; }

        @Override
        public void close() {
            if (released) return;
            released = true;
            release(entry);
        }
    }

    /** What identifies one version of a model file. */
    private record Stamp(FileTime modified, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime(), a.size());
            } catch (NoSuchFileException e) {
                throw new CheckerError("model file " + file + " does not exist", e);
            } catch (IOException e) {
                throw new CheckerError("cannot read model file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** One model file's session, opened lazily by the first thread that needs it. */
    private static final class Entry {
        final Path file;
        final Stamp stamp;
        int refs;          // guarded by the cache
        boolean retired;   // guarded by the cache
        private OrtSession session;
        private CheckerError failure;

        Entry(Path file, Stamp stamp) {
            this.file = file;
            this.stamp = stamp;
        }

        synchronized OrtSession open() {
            if (session != null) return session;
            if (failure != null) throw failure;
            try (SessionOptions options = new SessionOptions()) {
                options.setOptimizationLevel(OptLevel.ALL_OPT);  // ONNX Runtime's default level, stated explicitly
                options.setIntraOpNumThreads(INTRA_OP_THREADS);
                // failures reach the caller as exceptions with ORT's message; logging them too would print them twice
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
                session = isAscii(file.toString()) ? environment().createSession(file.toString(), options)
                        : openViaAsciiLinks(file, options);
                return session;
            } catch (OrtException e) {
                failure = new CheckerError("ONNX Runtime rejects " + file.getFileName() + " (" + file + "): "
                        + e.getMessage(), e);
                throw failure;
            }
        }

        /**
         * Opens a model whose path holds non-ASCII characters. ONNX Runtime's Java API hands paths to native code as
         * modified UTF-8, which spells characters outside the BMP (emoji) differently from the file system's UTF-8,
         * so such a file "doesn't exist" for it. It gets ASCII names instead: a new folder in the system's temporary
         * folder ({@link Temporaries}: removed once the session is open, or by the shutdown hook) holding a link
         * {@code model.onnx} to the model and a link {@code data} to the model's folder, where external data
         * locations are resolved.
         */
        private static OrtSession openViaAsciiLinks(Path file, SessionOptions options) throws OrtException {
            Path dir = null;
            try {
                dir = Temporaries.createTempFolder("ort");
                if (!isAscii(dir.toString())) {
                    throw new CheckerError("ONNX Runtime cannot open " + file + ": its path holds non-ASCII characters, "
                            + "and so does the system's temporary folder " + dir.getParent() + ", where onnxport would "
                            + "link it under an ASCII name; set java.io.tmpdir to an ASCII path");
                }
                Path abs = file.toAbsolutePath();
                Path model = Files.createSymbolicLink(dir.resolve("model.onnx"), abs);
                Path data = Files.createSymbolicLink(dir.resolve("data"), abs.getParent());
                options.addConfigEntry("session.model_external_initializers_file_folder_path", data.toString());
                return environment().createSession(model.toString(), options);
            } catch (IOException e) {
                throw new CheckerError("ONNX Runtime cannot open " + file + ": could not link it under an ASCII name in "
                        + Temporaries.systemTemp() + ": " + e.getMessage(), e);
            } finally {
                if (dir != null) Temporaries.delete(dir);
            }
        }

        private static boolean isAscii(String s) {
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) return false;
            return true;
        }

        synchronized void close() {
            if (session == null) return;
            try {
                session.close();
            } catch (OrtException e) {
                // Closing only frees native memory; a failure there leaves nothing for the caller to do.
                LOG.warn("closing the ONNX Runtime session of {} failed", file, e);
            } finally {
                session = null;
            }
        }
    }
}
