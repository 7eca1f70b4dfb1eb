package dev.onnxport.onnx.checker;

import dev.onnxport.testing.OfficialChecker;

import static dev.onnxport.onnx.checker.M.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.onnx.proto.AttributeProto;
import dev.onnxport.onnx.proto.AttributeProto.AttributeType;
import dev.onnxport.onnx.proto.GraphProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.NodeProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules of our checker beyond what the official ONNX checker enforces (it accepts these models; see
 * the printed verdicts), message format, and the throwing variant.
 */
class StructuralCheckerTest {
    @TempDir
    Path tmp;

    private static Problem only(List<Problem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    private static void printOfficial(String name, ModelProto m) {
        System.out.println(name + ": official says " + OfficialChecker.check(m));
    }

    @Test
    void messageNamesNodeValueAndRule() {
        ModelProto m = model(17, graph("g").addInput(vi("x", F32, 2)).addOutput(vi("y", F32, 2))
                .addNode(node("Add", "add_3", in("x", "x_7"), out("y")))
                .addNode(node("Relu", "relu_4", in("x"), out("x_7"))));
        assertEquals("node 'add_3' (Add): input 'x_7' is used before it is defined (node 'relu_4' (Relu) computes it "
                + "later) [topological-order]", only(StructuralChecker.check(m, null)).toString());
    }

    @Test
    void unnamedNodesAreNamedByPosition() {
        ModelProto m = model(17, graph("g").addInput(vi("x", F32, 2)).addOutput(vi("y", F32, 2))
                .addNode(node("Relu", "", in("nope"), out("y"))));
        assertTrue(only(StructuralChecker.check(m, null)).toString().startsWith("node #0 (Relu): input 'nope'"));
    }

    @Test
    void reportsEveryProblemNotOnlyTheFirst() {
        ModelProto m = model(17, graph("g").addInput(vi("x", F32, 2)).addOutput(vi("y", F32, 2))
                .addNode(node("Relux", "a", in("x"), out("h")))
                .addNode(node("Relu", "b", in("h", "x"), out("y"), af("alpha", 1f))));
        List<Problem> p = StructuralChecker.check(m, null);
        assertEquals(List.of(Rule.UNKNOWN_OP, Rule.INPUT_ARITY, Rule.UNKNOWN_ATTRIBUTE),
                p.stream().map(Problem::rule).toList(), p.toString());
    }

    @Test
    void throwingVariantListsAllProblems() {
        StructuralChecker.checkOrThrow(ValidModels.addRelu(), null);
        ModelProto bad = ValidModels.addRelu().toBuilder().setIrVersion(3).build();
        CheckerError e = assertThrows(CheckerError.class, () -> StructuralChecker.checkOrThrow(bad, null));
        assertTrue(e.getMessage().startsWith("the ONNX model has 2 structural problems:"), e.getMessage());
        assertTrue(e.getMessage().contains("model: ir_version 3 is too low for opset 17"), e.getMessage());
        assertTrue(e.getMessage().contains("initializer 'w': IR version 3 requires"), e.getMessage());
    }

    @Test
    void irVersionTooLowForOpsetEvenWhenNothingElseBreaks() {
        ModelProto m = ValidModels.relu().toBuilder().setIrVersion(7).build();
        assertEquals(Rule.IR_VERSION, only(StructuralChecker.check(m, null)).rule());
        printOfficial("ir_version 7 at opset 17", m);
    }

    @Test
    void minIrVersionFollowsTheOnnxReleases() {
        int[][] table = {{1, 3}, {8, 3}, {9, 4}, {10, 5}, {11, 6}, {12, 7}, {14, 7}, {15, 8}, {18, 8}, {19, 9},
            {20, 9}, {21, 10}, {22, 10}};
        for (int[] row : table) assertEquals(row[1], StructuralChecker.minIrVersion(row[0]), "opset " + row[0]);
    }

    @Test
    void outputWithUndefinedElementType() {
        ModelProto m = ValidModels.relu().toBuilder()
                .setGraph(ValidModels.relu().getGraph().toBuilder().setOutput(0, vi("y", 0, 2, 3))).build();
        Problem p = only(StructuralChecker.check(m, null));
        assertEquals("graph output 'y': tensor elem_type 0 is not a known element type [value-type]", p.toString());
        printOfficial("output elem_type 0", m);
    }

    @Test
    void externalDataSymlinkEscapingTheFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        ModelProto m = ValidModels.externalWeights(outside, "link.bin", 0, 24);
        Files.createSymbolicLink(dir.resolve("link.bin"), outside.resolve("weights.bin"));
        Problem p = only(StructuralChecker.check(m, dir));
        assertEquals(Rule.EXTERNAL_DATA, p.rule());
        assertTrue(p.toString().contains("'link.bin' is a link to"), p.toString());
        Path file = dir.resolve("model.onnx");
        Files.write(file, m.toByteArray());
        System.out.println("symlink escape: official says " + OfficialChecker.checkFile(file));
    }

    @Test
    void externalDataOffsetNearTwoToThe63DoesNotOverflowTheBoundsCheck() {
        // offset 2^63 - 8 plus 24 bytes wraps to a negative end in 64-bit arithmetic; the file holds 24 bytes
        ModelProto m = ValidModels.externalWeights(tmp, "weights.bin", Long.MAX_VALUE - 7, 24);
        Problem p = only(StructuralChecker.check(m, tmp));
        assertEquals(Rule.EXTERNAL_DATA, p.rule());
        assertTrue(p.toString().contains("lie beyond the end of 'weights.bin' (24 bytes)"), p.toString());
    }

    @Test
    void externalDataBeyondTheEndOfTheFile() throws IOException {
        ModelProto m = ValidModels.externalWeights(tmp, "weights.bin", 8, 24);
        Problem p = only(StructuralChecker.check(m, tmp));
        assertTrue(p.toString().contains("external data bytes 8..32 lie beyond the end of 'weights.bin' (24 bytes)"),
                p.toString());
        assertEquals(List.of(), StructuralChecker.check(m, null), "without a folder only the form is checked");
        Path file = tmp.resolve("model.onnx");
        Files.write(file, m.toByteArray());
        System.out.println("external beyond end: official says " + OfficialChecker.checkFile(file));
    }

    @Test
    void externalDataLengthDisagreesWithShape() {
        ModelProto m = ValidModels.externalWeights(tmp, "weights.bin", 0, 20);
        assertTrue(only(StructuralChecker.check(m, tmp)).message().contains("length 20 does not match the 24 bytes"));
    }

    @Test
    void deeplyNestedSubgraphsStopAtTheLimit() {
        GraphProto leaf = graph("leaf").addOutput(vi("t0", F32, 2)).addNode(node("Relu", "r", in("x"), out("t0"))).build();
        GraphProto g = leaf;
        for (int i = 1; i <= GraphChecker.MAX_NESTING + 5; i++) {
            GraphProto otherwise = graph("else" + i).addOutput(vi("e" + i, F32, 2))
                    .addNode(node("Neg", "neg" + i, in("x"), out("e" + i))).build();
            g = graph("level" + i).addOutput(vi("t" + i, F32, 2))
                    .addNode(node("If", "if" + i, in("cond"), out("t" + i), ag("then_branch", g),
                            ag("else_branch", otherwise)))
                    .build();
        }
        ModelProto m = model(17, graph("deep").addInput(vi("cond", BOOL)).addInput(vi("x", F32, 2))
                .addOutput(vi("y", F32, 2))
                .addNode(node("Identity", "id", in("t" + (GraphChecker.MAX_NESTING + 5)), out("y"))));
        m = m.toBuilder().setGraph(m.getGraph().toBuilder().addNode(0, g.getNode(0))).build();
        List<Problem> p = StructuralChecker.check(m, null);
        // both branches of the 65th level are cut off; nothing deeper is visited
        assertEquals(List.of(Rule.NESTING, Rule.NESTING), p.stream().map(Problem::rule).toList());
        assertTrue(p.get(0).where().startsWith("node 'if69' (If) > then_branch > node 'if68' (If)"));
        assertTrue(p.get(1).where().endsWith("node 'if5' (If) > else_branch"), p.get(1).where());
    }

    @Test
    void attributeReferenceOutsideAFunction() {
        AttributeProto ref = AttributeProto.newBuilder().setName("axis").setType(AttributeType.INT)
                .setRefAttrName("ax").build();
        ModelProto m = ValidModels.softmax().toBuilder().setGraph(ValidModels.softmax().getGraph().toBuilder()
                .setNode(0, node("Softmax", "softmax_0", in("x"), out("y"), ref))).build();
        assertEquals(Rule.FUNCTION, only(StructuralChecker.check(m, null)).rule());
        printOfficial("ref_attr_name in main graph", m);
    }

    @Test
    void functionCallArityAndAttributes() {
        ModelProto good = ValidModels.function();
        NodeProto call = good.getGraph().getNode(0).toBuilder().addInput("x").addAttribute(ai("k", 1)).build();
        ModelProto m = good.toBuilder().setGraph(good.getGraph().toBuilder().setNode(0, call)).build();
        List<Problem> p = StructuralChecker.check(m, null);
        assertEquals(List.of(Rule.INPUT_ARITY, Rule.UNKNOWN_ATTRIBUTE), p.stream().map(Problem::rule).toList(),
                p.toString());
        assertTrue(p.get(0).toString().startsWith("node 'call_0' (local.AddRelu): has 3 inputs but function local.AddRelu takes 2"));
        printOfficial("function call with extra input and attribute", m);
    }

    @Test
    void typesFlowThroughNodesSoLaterMismatchesAreFound() {
        // Cast makes int64, which Relu then adds to a float input: the mismatch is two nodes downstream
        ModelProto m = model(17, graph("g").addInput(vi("x", F32, 2)).addOutput(vi("y", F32, 2))
                .addNode(node("Cast", "cast_0", in("x"), out("i"), ai("to", I64)))
                .addNode(node("Abs", "abs_1", in("i"), out("j")))
                .addNode(node("Add", "add_2", in("x", "j"), out("y"))));
        Problem p = only(StructuralChecker.check(m, null));
        assertTrue(p.toString().startsWith("node 'add_2' (Add): inputs 'x' (tensor(float)) and 'j' (tensor(int64))"),
                p.toString());
    }
}
