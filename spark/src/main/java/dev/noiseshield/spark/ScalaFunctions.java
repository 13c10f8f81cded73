package dev.noiseshield.spark;

import java.io.Serializable;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The Scala functions that {@code SparkContext.runJob} takes, from Java lambdas: it is the one call
 * that hands the driver each partition's result as it arrives (the Java API only collects them all
 * at the end).
 */
final class ScalaFunctions {
    private ScalaFunctions() {}

    /** A task's work: the partition's single element in, its result out. Sent to executors. */
    interface PartitionWork<T, U> extends Function<T, U>, Serializable {}

    static final class PerPartition<T, U> extends AbstractFunction2<TaskContext, Iterator<T>, U>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionWork<T, U> work;

        PerPartition(PartitionWork<T, U> work) {
            this.work = work;
        }

        @Override
        public U apply(TaskContext context, Iterator<T> elements) {
            return work.apply(elements.next());
        }
    }

    /** Called on the driver with (partition, result) as each task finishes. */
    static final class OnResult<U> extends AbstractFunction2<Object, U, BoxedUnit> {
        private final BiConsumer<Integer, U> handler;

        OnResult(BiConsumer<Integer, U> handler) {
            this.handler = handler;
        }

        @Override
        public BoxedUnit apply(Object partition, U result) {
            handler.accept((Integer) partition, result);
            return BoxedUnit.UNIT;
        }
    }

    @SuppressWarnings("unchecked")
    static Seq<Object> partitions(int count) {
        List<Object> all = new java.util.ArrayList<>();
        for (int p = 0; p < count; p++) {
            all.add(p);
        }
        return (Seq<Object>) CollectionConverters.asScala(all).toSeq();
    }

    static <U> ClassTag<U> classTag(Class<U> type) {
        return ClassTag$.MODULE$.apply(type);
    }
}
