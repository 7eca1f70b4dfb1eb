package dev.onnxport.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code onnxport} command. */
@Command(name = "onnxport", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Export neural-network models written in Java to ONNX.",
        subcommands = {TraceCommand.class, OpsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Example:", "  onnxport trace --model tiny_gpt"})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (0 on success); errors print one line to stderr. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("onnxport: " + oneLine(ex));
            if (System.getenv("ONNXPORT_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return m.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"onnxport " + (v == null ? "development build" : v)};
        }
    }
}
