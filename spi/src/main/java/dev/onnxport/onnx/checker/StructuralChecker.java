package dev.onnxport.onnx.checker;

import dev.onnxport.errors.CheckerError;
import dev.onnxport.onnx.proto.FunctionProto;
import dev.onnxport.onnx.proto.ModelProto;
import dev.onnxport.onnx.proto.OperatorSetIdProto;
import dev.onnxport.onnx.schema.OnnxSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The structural checker: finds what makes an ONNX model invalid without running it, in pure Java.
 * It checks the IR version against the opsets, opset imports, names (defined before use, assigned
 * once, topological order, graph outputs defined), each node against its schema at the imported
 * opset, initializer data against shape and type, external data locations, graph input and output
 * types, model-local functions and subgraphs (with outer-scope names visible).
 *
 * <p>It reports every problem it finds, not only the first, each naming the node or value and the rule.
 */
public final class StructuralChecker {
    /** The newest IR version this checker knows (13: ONNX 1.20/1.21, opsets 25-26). */
    public static final int MAX_IR_VERSION = 13;

    private StructuralChecker() {}

    /**
     * Checks a model.
     *
     * @param modelDir the folder of the model file, where external data lives; null for an in-memory
     *                 model (external locations are then checked for form only)
     * @return the problems found, in model order; empty when the model is valid
     */
    public static List<Problem> check(ModelProto model, Path modelDir) {
        List<Problem> problems = new ArrayList<>();
        CheckContext probe = new CheckContext(model.getIrVersion(), Map.of(), Map.of(), modelDir, null, problems);
        Map<String, Integer> opsets = opsetMap(model.getOpsetImportList(), "model", probe);
        checkVersions(model, opsets, probe);

        Map<String, FunctionProto> functions = new HashMap<>();
        for (FunctionProto f : model.getFunctionsList()) {
            String key = CheckContext.functionKey(f.getDomain(), f.getName()) + "::" + f.getOverload();
            if (functions.putIfAbsent(key, f) != null) {
                probe.report(Rule.FUNCTION, "function '" + f.getDomain() + "." + f.getName() + "'",
                        "function is defined more than once");
            }
        }
        Map<String, FunctionProto> byName = new HashMap<>();
        for (FunctionProto f : model.getFunctionsList()) {
            byName.putIfAbsent(CheckContext.functionKey(f.getDomain(), f.getName()), f);
        }
        CheckContext ctx = new CheckContext(model.getIrVersion(), opsets, Collections.unmodifiableMap(byName),
                modelDir, null, problems);
        if (!model.hasGraph()) {
            ctx.report(Rule.GRAPH, "model", "model has no graph");
        } else {
            GraphChecker.checkMain(model.getGraph(), ctx);
        }
        for (FunctionProto f : model.getFunctionsList()) GraphChecker.checkFunction(f, ctx, opsets);
        return problems;
    }

    /** Like {@link #check} but throws when the model has problems. */
    public static void checkOrThrow(ModelProto model, Path modelDir) {
        List<Problem> problems = check(model, modelDir);
        if (problems.isEmpty()) return;
        throw new CheckerError("the ONNX model has " + problems.size() + " structural problem"
                + (problems.size() == 1 ? "" : "s") + ":\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    }

    /** The lowest IR version that can carry this default-domain opset (the ONNX release that introduced it). */
    public static int minIrVersion(int opset) { return dev.onnxport.onnx.writer.IrVersions.minimumFor(opset); }

    private static void checkVersions(ModelProto model, Map<String, Integer> opsets, CheckContext ctx) {
        long ir = model.getIrVersion();
        if (ir <= 0) {
            ctx.report(Rule.IR_VERSION, "model", "ir_version is not set");
        } else if (ir > MAX_IR_VERSION) {
            ctx.report(Rule.IR_VERSION, "model", "ir_version " + ir + " is newer than this checker knows ("
                    + MAX_IR_VERSION + ")");
        }
        Integer def = opsets.get("");
        if (def == null) {
            ctx.report(Rule.OPSET_IMPORT, "model", "opset_import has no entry for the default ONNX domain ''");
            return;
        }
        if (def < 1 || def > OnnxSchemas.maxOpset()) {
            ctx.report(Rule.OPSET_IMPORT, "model", "default-domain opset " + def + " is outside 1.."
                    + OnnxSchemas.maxOpset());
            return;
        }
        if (ir > 0 && ir < minIrVersion(def)) {
            ctx.report(Rule.IR_VERSION, "model", "ir_version " + ir + " is too low for opset " + def
                    + ", which needs at least " + minIrVersion(def));
        }
        if (ir > 0 && ir < 8 && model.getFunctionsCount() > 0) {
            ctx.report(Rule.IR_VERSION, "model", "ir_version " + ir + " cannot carry model-local functions (needs 8)");
        }
    }

    /** Imported version per domain ("ai.onnx" folded into ""); reports duplicate domains. */
    static Map<String, Integer> opsetMap(List<OperatorSetIdProto> imports, String where, CheckContext ctx) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (OperatorSetIdProto o : imports) {
            String domain = CheckContext.normalizeDomain(o.getDomain());
            Integer prior = map.putIfAbsent(domain, (int) o.getVersion());
            if (prior != null) {
                ctx.report(Rule.OPSET_IMPORT, where, "opset_import lists domain '" + o.getDomain()
                        + "' more than once (versions " + prior + " and " + o.getVersion() + ")");
            }
        }
        return map;
    }
}
