package dev.onnxport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code onnxport --help} lists each command with a whole sentence, not the first line of its description cut short. */
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
}
