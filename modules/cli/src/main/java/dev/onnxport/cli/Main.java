package dev.onnxport.cli;

import dev.onnxport.util.MappedFiles;
import dev.onnxport.util.Names;
import dev.onnxport.util.Temporaries;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code onnxport} command. */
@Command(name = "onnxport", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Export neural-network models written in Java to ONNX.",
        footer = {"", "Examples:", "  onnxport export --model gpt2-tiny --verify -o gpt2-tiny.onnx",
                "  onnxport inspect gpt2-tiny.onnx", "  onnxport <command> --help"})
public final class Main {

    public static void main(String[] args) {
        // what killed runs (SIGKILL, power loss) left in the system's temporary folder: zip extractions, links
        Temporaries.sweepSystemTemp();
        int code;
        try {
            code = run(args);
        } catch (OutOfMemoryError e) {
            System.err.println("onnxport: " + outOfMemory());
            code = 1;
        }
        System.exit(code);
    }

    /** The line for an OutOfMemoryError: the heap limit now, and a limit to try (four times as much, at least 4 GB). */
    static String outOfMemory() {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        String xmx = "-Xmx" + Math.max(4, (mb * 4 + 1023) / 1024) + "g";
        return "out of memory: the Java heap limit (-Xmx, now " + mb + " MB) is too small for this model; raise it, e.g. "
                + "ONNXPORT_JAVA_OPTS=" + xmx + " with the ./onnxport launcher, or JAVA_TOOL_OPTIONS=" + xmx;
    }

    /** Runs the command and returns its exit code (0 on success); errors print one line to stderr. */
    public static int run(String... args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        // PrintStream swallows write errors (a full disk, a closed pipe): a lost result line must not exit 0
        if (code == 0 && System.out.checkError()) {
            System.err.println("onnxport: " + LOST_OUTPUT);
            return 1;
        }
        return code;
    }

    static final String LOST_OUTPUT = "could not write to standard output (full disk or closed pipe?); "
            + "the results were not all printed";

    /** Runs the command writing to {@code out} and {@code err} (for tests and embedding). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(new Main(), args.length > 0 ? args[0] : null);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Progress.clearCurrent();   // the error line starts a line of its own
            if (ex instanceof dev.onnxport.nn.StateDictException && !Temporaries.shuttingDown()) {
                // a summary line, then the first few keys of each kind, each on its own line
                String[] lines = ex.getMessage().split("\n");
                cmd.getErr().println("onnxport: " + Names.escape(lines[0]));
                for (int i = 1; i < lines.length; i++) cmd.getErr().println(Names.escape(lines[i]));
            } else {
                cmd.getErr().println("onnxport: " + failure(ex));
            }
            if (System.getenv("ONNXPORT_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        // Bad arguments: one line naming the fault, not the whole usage text.
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("onnxport " + cmd.getCommandName() + ": " + oneLine(ex) + " (see --help)");
            return 2;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            Progress.clearCurrent();
            err.println("onnxport: " + outOfMemory());
            return 1;
        } catch (InternalError e) {
            Progress.clearCurrent();
            // a fault reading a memory-mapped file that someone truncated: one line naming it, never a JVM trace
            err.println("onnxport: " + failure(e));
            if (System.getenv("ONNXPORT_DEBUG") != null) e.printStackTrace(err);
            return 1;
        }
        if (code == 0 && out.checkError()) {
            err.println("onnxport: " + LOST_OUTPUT);
            return 1;
        }
        return code;
    }

    /**
     * A parser for {@code command} as the command runs it. picocli's {@code @file} arguments are off: they would
     * make any argument starting with '@' (a file name, say) read a file, and a missing one fails outside
     * picocli's usage errors.
     */
    static CommandLine commandLine(Object command) { return commandLine(command, null); }

    /** The subcommands, in the order {@code --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ExportCommand.class, GenerateCommand.class, CheckCommand.class,
            VerifyCommand.class, InspectCommand.class, ConformanceCommand.class, OpsCommand.class, TraceCommand.class,
            CommandLine.HelpCommand.class);

    /**
     * As {@link #commandLine(Object)}; for {@link Main}, with only the subcommand that {@code first} (the first
     * argument) names, when it names one other than {@code help}, else with all of them. picocli builds the model of
     * every option of every subcommand it is given, on classes the JVM's class-data sharing cannot archive (picocli's
     * are Java 5 classes): one subcommand instead of nine is about 50 ms less of every cold start.
     */
    static CommandLine commandLine(Object command, String first) {
        CommandLine cl = new CommandLine(command);
        if (command instanceof Main) {
            Class<?> named = first == null || first.equals("help") ? null
                    : SUBCOMMANDS.stream().filter(c -> names(c).contains(first)).findFirst().orElse(null);
            for (Class<?> c : named != null ? List.of(named) : SUBCOMMANDS) cl.addSubcommand(c);
        }
        cl.setExpandAtFiles(false);   // after the subcommands: picocli applies it to those present
        return cl;
    }

    /** The name and aliases of a subcommand class. */
    private static List<String> names(Class<?> c) {
        Command a = c.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(a.aliases()));
        names.add(a.name());
        return names;
    }

    /** The one line for a command that failed with {@code ex}. */
    static String failure(Throwable ex) {
        if (Temporaries.shuttingDown()) return STOPPED;
        String line = oneLine(ex);
        if (MappedFiles.isMappingFault(ex) && !line.contains("changed while onnxport was reading")) {
            return oneLine(MappedFiles.explain(ex));
        }
        return ex instanceof Error ? "internal error: " + line : line;
    }

    static final String STOPPED = "stopped by a signal; its temporary files were removed";

    static String oneLine(Throwable ex) {
        return oneLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
    }

    /** Multi-line messages (lists of problems) joined into one line. */
    static String oneLine(String message) {
        return Names.escape(message.strip().replaceAll(":\\s*\n\\s*", ": ").replaceAll("\\s*\n\\s*", "; "));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"onnxport " + (v == null ? "development build" : v)};
        }
    }
}
