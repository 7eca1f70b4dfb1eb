package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code onnxport --help} lists each command with a whole sentence, and each command's help wraps as paragraphs. */
class HelpSummariesTest {
    @Test
    void everyCommandHasAOneSentenceSummary() {
        CliTestSupport.Result r = CliTestSupport.run("--help");
        assertEquals(0, r.code(), r.toString());
        Map<String, CommandLine> subs = Main.commandLine(new Main()).getSubcommands();
        assertTrue(subs.size() >= 8, subs.keySet().toString());
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            if (e.getKey().equals("help")) continue;
            String[] header = e.getValue().getCommandSpec().usageMessage().header();
            assertEquals(1, header.length, e.getKey() + " has no one-line header");
            assertTrue(header[0].endsWith("."), e.getKey() + ": '" + header[0] + "' is not a whole sentence");
            String flat = r.out().replaceAll("\\s+", " ");
            assertTrue(flat.contains(header[0]), e.getKey() + "'s summary is not listed whole in --help:\n" + r.out());
        }
    }

    /** Each element of a description is a line of its own: more than one, and picocli's wrapping leaves ragged lines. */
    @Test
    void everyCommandsDescriptionIsOneParagraphThatPicocliWraps() {
        for (Map.Entry<String, CommandLine> e : Main.commandLine(new Main()).getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) continue;
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            assertTrue(description.length <= 1, e.getKey() + "'s description has " + description.length + " lines; make it one paragraph");
            String usage = e.getValue().getUsageMessage();
            for (String line : usage.split("\\R")) assertTrue(line.length() <= 80, e.getKey() + " --help has a line over 80 columns: " + line);
        }
    }

    /**
     * A run builds only the subcommand its first argument names; --help, help, an option or a misspelt command get all
     * of them, so that picocli lists them or says that the name is unknown.
     */
    @Test
    void aRunBuildsTheSubcommandItNamesAndOnlyThat() {
        java.util.Set<String> all = Main.commandLine(new Main()).getSubcommands().keySet();
        assertEquals(Main.SUBCOMMANDS.size(), all.size(), all.toString());
        for (String name : all) {
            if (name.equals("help")) continue;
            assertEquals(java.util.Set.of(name), Main.commandLine(new Main(), name).getSubcommands().keySet());
        }
        for (String first : new String[] {null, "help", "--help", "-V", "exprt"}) {
            assertEquals(all, Main.commandLine(new Main(), first).getSubcommands().keySet(), "first argument " + first);
        }
        CliTestSupport.Result r = CliTestSupport.run("exprt");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("Unmatched argument at index 0: 'exprt'"), r.err());
    }
}
