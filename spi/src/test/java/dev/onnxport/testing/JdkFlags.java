package dev.onnxport.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags that README.md ("Java versions") gives for onnxport on a JVM of a given feature release, for tests
 * that start a JVM of their own: without them JDK 24+ prints {@code WARNING:} lines (native access of ONNX Runtime
 * and JavaCPP, protobuf-java's {@code sun.misc.Unsafe}) into the output the tests read. The root pom's jdk-22+ and
 * jdk-23+ profiles give the test JVMs themselves the same.
 */
public final class JdkFlags {
    private JdkFlags() {}

    /**
     * @param feature the Java feature release (17, 21, 25, ...)
     * @param nativeAccess whom to grant native access: module names joined by commas, or {@code ALL-UNNAMED} for
     *                     the class path
     */
    public static List<String> of(int feature, String nativeAccess) {
        List<String> flags = new ArrayList<>();
        if (feature >= 22) flags.add("--enable-native-access=" + nativeAccess);
        if (feature >= 23) flags.add("--sun-misc-unsafe-memory-access=allow");  // JDK 17 to 22 refuse this flag
        return flags;
    }

    /** {@link #of} for the JVM running the tests, whose {@code java.home} the launch tests start. */
    public static List<String> forThisJvm(String nativeAccess) {
        return of(Runtime.version().feature(), nativeAccess);
    }
}
