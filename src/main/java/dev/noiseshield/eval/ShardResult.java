package dev.noiseshield.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.noiseshield.data.DataFormatException;
import dev.noiseshield.run.Json;
import java.io.Serializable;
import java.util.List;

/**
 * The per-example results of one task of a {@link ShardPlan}: what the reduction of all tasks needs
 * to write the report a whole evaluation writes. Plain data (JSON and Java serialization), so that
 * tasks can run in other processes and be kept in files.
 *
 * @param repeat the repeat, from 0
 * @param shard the shard, from 0
 * @param clean per test image of the shard, the fraction of correct scoring draws when clean
 * @param cleanSelection the same on the selection draws ({@link DrawScores})
 * @param attacks per attack of the evaluation, its cascade on the shard's attacked images
 * @param sweeps per point of the user's sweeps (first repeat only, else empty)
 */
@SuppressWarnings("ArrayRecordComponent") // a carrier of results, never compared or hashed
public record ShardResult(
        int repeat,
        int shard,
        float[] clean,
        float[] cleanSelection,
        List<CascadeResult> attacks,
        List<CascadeResult> sweeps)
        implements Serializable {

    public ShardResult {
        attacks = List.copyOf(attacks);
        sweeps = List.copyOf(sweeps);
    }

    /** This result as one line of JSON, for files and for other processes. */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a task's result as JSON", e);
        }
    }

    /**
     * Reads {@link #toJson}'s line back.
     *
     * @param source the file it came from, for the message when it is not one
     */
    public static ShardResult fromJson(String json, String source) throws DataFormatException {
        try {
            return Json.MAPPER.readValue(json, ShardResult.class);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(
                    source, "not a task's result (" + e.getOriginalMessage() + ")");
        }
    }

    /** Its task. */
    public ShardPlan.Task task() {
        return new ShardPlan.Task(repeat, shard);
    }
}
