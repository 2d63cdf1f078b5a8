/** JMH benchmarks of peapod's in-process hot paths. Run: java -jar bench/target/benchmarks.jar */
package dev.peapod.bench;
