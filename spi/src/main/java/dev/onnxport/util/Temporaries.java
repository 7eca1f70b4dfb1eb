package dev.onnxport.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The one registry of this process's temporary files and folders, and the one way they are named and found stale.
 *
 * <ul>
 *   <li><b>Names.</b> A temporary beside a file {@code NAME} is {@code .NAME.onnxport-KIND-PID-ID} (an
 *       {@link AtomicFile}'s is KIND {@code tmp}); one in the system's temporary folder is
 *       {@code onnxport-KIND-PID-ID} (a zip archive's extraction, a link for ONNX Runtime). PID is the process that
 *       made it, ID 16 random hex digits. A name never passes {@value #MAX_NAME_BYTES} bytes of UTF-8, the limit of
 *       common file systems: a long {@code NAME} is cut and ends in {@code ~} and a hash of the whole name, so that
 *       each target keeps its own prefix.</li>
 *   <li><b>Signals.</b> Every temporary is {@link #register registered} before it is made and unregistered once
 *       it is moved into place or deleted; a shutdown hook, installed with the first registration, deletes what is
 *       still registered when the JVM exits, also on SIGTERM and SIGINT (the JVM then exits with 143 and 130).
 *       SIGKILL runs no hook.</li>
 *   <li><b>Stale ones.</b> A temporary whose PID is no live process (and, for a file, that no one holds locked:
 *       processes in other PID namespaces may share a folder) is stale: {@link AtomicFile} sweeps those beside its
 *       target before each write, and {@link #sweepSystemTemp} those in the system's temporary folder (the command
 *       runs it when it starts).</li>
 * </ul>
 */
public final class Temporaries {
    private Temporaries() {}

    /** The longest file name, in bytes of UTF-8, that onnxport makes: ext4, XFS, Btrfs, tmpfs and ZFS allow 255. */
    public static final int MAX_NAME_BYTES = 255;
    /** This process, as recorded in the names of its temporaries. */
    public static final long PID = ProcessHandle.current().pid();
    /** Pid digits reserved in a name: Linux pids have at most 7, other systems' fit in 10. */
    private static final int PID_DIGITS = 10;
    private static final int ID_DIGITS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** {@code onnxport-KIND-PID-ID} at the end of a name; group 1 the pid, group 2 the id. */
    private static final Pattern MARK = Pattern.compile("onnxport-[a-z]+-(\\d{1," + PID_DIGITS + "})-([0-9a-f]{" + ID_DIGITS + "})$");
    private static final Pattern SYSTEM_TEMP = Pattern.compile("onnxport-[a-z]+-\\d{1," + PID_DIGITS + "}-[0-9a-f]{" + ID_DIGITS + "}");

    /** Registered paths in registration order; the hook deletes them last first. Guarded by the class. */
    private static final LinkedHashSet<Path> LIVE = new LinkedHashSet<>();
    private static boolean hookInstalled;
    private static volatile boolean shuttingDown;

    /** A new random id, {@value #ID_DIGITS} hex digits. */
    public static String newId() { return String.format("%016x", RANDOM.nextLong()); }

    /**
     * Registers {@code p} (a file, folder or link, made or about to be made) for deletion at exit; fails when the
     * JVM is already shutting down, since the hook may have run.
     */
    public static void register(Path p) throws IOException {
        Path abs = p.toAbsolutePath();
        synchronized (Temporaries.class) {
            if (shuttingDown) throw new IOException("onnxport is stopping; not creating " + Names.quote(abs));
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(Temporaries::removeAll, "onnxport-temporaries"));
                hookInstalled = true;
            }
            LIVE.add(abs);
        }
    }

    /** Forgets {@code p}: it was moved into place, kept, or deleted. */
    public static void unregister(Path p) {
        synchronized (Temporaries.class) {
            LIVE.remove(p.toAbsolutePath());
        }
    }

    /** Whether this process registered {@code p} and has not unregistered it. */
    public static boolean isRegistered(Path p) {
        synchronized (Temporaries.class) {
            return LIVE.contains(p.toAbsolutePath());
        }
    }

    /** True once the JVM has begun to exit (a signal, or {@code System.exit}) and the hook has removed the temporaries. */
    public static boolean shuttingDown() { return shuttingDown; }

    /** Deletes {@code p} (a folder with everything in it; a link, not what it points to) and unregisters it. */
    public static void delete(Path p) {
        deleteTree(p);
        unregister(p);
    }

    /** The hook: deletes every registered path, the last registered first (a data file before its model's temporary). */
    private static void removeAll() {
        List<Path> all;
        synchronized (Temporaries.class) {
            shuttingDown = true;
            all = new ArrayList<>(LIVE);
            LIVE.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            // a thread still writing may add a file to a folder between the walk and the folder's removal
            for (int attempt = 0; attempt < 50 && Files.exists(p, LinkOption.NOFOLLOW_LINKS); attempt++) {
                deleteTree(p);
                if (attempt > 0) sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- names ----------------------------------------------------------------------------------------------------

    /** The part of a temporary's name beside {@code target} before the pid: {@code .NAME.onnxport-KIND-}. */
    public static String siblingPrefix(Path target, String kind) {
        String mark = ".onnxport-" + kind + "-";
        int budget = MAX_NAME_BYTES - 1 - bytes(mark) - PID_DIGITS - 1 - ID_DIGITS;
        return "." + fit(fileName(target), budget) + mark;
    }

    /** The name of a temporary beside {@code target}: {@code .NAME.onnxport-KIND-PID-ID}. */
    public static String siblingName(Path target, String kind, String id) {
        return siblingPrefix(target, kind) + PID + "-" + id;
    }

    /**
     * {@code name} when it takes at most {@code budget} bytes of UTF-8; else its longest start that fits with
     * {@code ~} and 8 hex digits of a hash of the whole name (a surrogate pair is never split).
     */
    public static String fit(String name, int budget) {
        if (bytes(name) <= budget) return name;
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String tail = String.format("~%08x", crc.getValue());
        int room = budget - tail.length();
        int end = 0, used = 0;
        while (end < name.length()) {
            int cp = name.codePointAt(end);
            int n = bytes(new String(Character.toChars(cp)));
            if (used + n > room) break;
            used += n;
            end += Character.charCount(cp);
        }
        return name.substring(0, end) + tail;
    }

    static int bytes(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }

    private static String fileName(Path p) {
        Path f = p.toAbsolutePath().getFileName();
        return f == null ? "" : f.toString();
    }

    /** The id of a temporary's name ({@code ...onnxport-KIND-PID-ID}), or null when the name is not one. */
    public static String idOf(Path p) {
        Matcher m = MARK.matcher(fileName(p));
        return m.find() ? m.group(2) : null;
    }

    /** The pid recorded in a temporary's name, or -1 when the name records none. */
    public static long pidOf(Path p) {
        Matcher m = MARK.matcher(fileName(p));
        if (!m.find()) return -1;
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether the temporary {@code p} may belong to a running writer: registered here, or named by a live process
     * other than this one. A name without a pid (older onnxport) says nothing: false.
     */
    public static boolean ownerAlive(Path p) {
        if (isRegistered(p)) return true;
        long pid = pidOf(p);
        if (pid < 0 || pid == PID) return false;  // this process's own, unregistered: left by a failed delete
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    // ---- the system's temporary folder ----------------------------------------------------------------------------

    /**
     * A new folder {@code onnxport-KIND-PID-ID} in the system's temporary folder (owner-only where POSIX),
     * registered; stale ones of any kind are swept first. Remove it with {@link #delete}.
     */
    public static Path createTempFolder(String kind) throws IOException {
        Path dir = systemTemp().resolve("onnxport-" + kind + "-" + PID + "-" + newId());
        sweepSystemTemp();
        register(dir);
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
                Files.createDirectory(dir, ownerOnly);
            } else {
                Files.createDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            unregister(dir);
            throw e;
        }
        if (shuttingDown) {  // the hook may have run between the registration and the creation
            deleteTree(dir);
            throw new IOException("onnxport is stopping; not creating " + Names.quote(dir));
        }
        return dir;
    }

    /**
     * A new symbolic link {@code onnxport-KIND-PID-ID} in the system's temporary folder pointing to {@code target},
     * registered; stale temporaries are swept first. Remove it with {@link #delete}.
     */
    public static Path createTempLink(String kind, Path target) throws IOException {
        Path link = systemTemp().resolve("onnxport-" + kind + "-" + PID + "-" + newId());
        sweepSystemTemp();
        register(link);
        try {
            Files.createSymbolicLink(link, target.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            unregister(link);
            throw e;
        }
        if (shuttingDown) {
            deleteTree(link);
            throw new IOException("onnxport is stopping; not creating " + Names.quote(link));
        }
        return link;
    }

    /** The system's temporary folder ({@code java.io.tmpdir}). */
    public static Path systemTemp() { return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(); }

    /**
     * Deletes the temporaries in the system's temporary folder ({@code onnxport-KIND-PID-ID}) whose process is gone,
     * left by a JVM that was killed (SIGKILL) or lost power. Returns how many were removed; never throws.
     */
    public static int sweepSystemTemp() { return sweep(systemTemp()); }

    /** {@link #sweepSystemTemp} for another folder. */
    public static int sweep(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> SYSTEM_TEMP.matcher(p.getFileName().toString()).matches())) {
            for (Path p : s) {
                if (!ownerAlive(p)) {
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable temporary folder: nothing to sweep
        }
        return removed;
    }

    /** Deletes a file, a link (not its target) or a folder with its content; best effort. */
    static void deleteTree(Path p) {
        try {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
                return;
            }
            List<Path> all;
            try (Stream<Path> s = Files.walk(p)) {  // does not follow links
                all = s.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path q : all) {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException e) {
                    // keep going: remove what can be removed
                }
            }
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException | RuntimeException e) {
            // a temporary left behind is swept later
        }
    }
}
