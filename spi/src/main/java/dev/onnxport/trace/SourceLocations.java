package dev.onnxport.trace;

import dev.onnxport.ir.SourceLocation;
import java.security.CodeSource;
import java.util.Objects;

/**
 * Finds the user code that made an operator call: the innermost stack frame whose class does not
 * come from the onnxport core itself (same code source as this class), nor from the JDK.
 */
final class SourceLocations {
    private SourceLocations() {}

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Object CORE = codeSource(SourceLocations.class);
    private static final ClassValue<Boolean> IS_LIBRARY = new ClassValue<>() {
        @Override protected Boolean computeValue(Class<?> c) {
            String n = c.getName();
            if (n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")) return true;
            return CORE != null && Objects.equals(codeSource(c), CORE);
        }
    };

    static SourceLocation caller() {
        return WALKER.walk(frames -> frames
                .filter(f -> !IS_LIBRARY.get(f.getDeclaringClass()))
                .findFirst()
                .map(f -> new SourceLocation(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber()))
                .orElse(null));
    }

    private static Object codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
        return cs == null ? null : cs.getLocation();
    }
}
