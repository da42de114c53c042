/**
 * Weft's JDK Flight Recorder events, all off by default: task created, task done, slow callback,
 * and loop iteration statistics. {@link io.weft.internal.jfr.Jfr} is the one door the loop and
 * tasks go through; the event classes are named by their JFR names ({@code io.weft.TaskCreated},
 * ...) in recordings. See docs/debugging.md.
 */
package io.weft.internal.jfr;
