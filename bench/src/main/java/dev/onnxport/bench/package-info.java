/** JMH benchmarks of onnxport: kernels, tracing and export phases. */
package dev.onnxport.bench;
