package com.clientele.rule;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * A literal of a rule: a number (exact decimal), a string or a boolean. Numbers are kept in their
 * canonical form, so that {@code 1.50} and {@code 1.5}, {@code -0} and {@code 0} are the same value.
 */
public sealed interface Value permits Value.Num, Value.Text, Value.Bool {

    /** The order of values in an {@code in} list, which is a set: numbers, then strings, then booleans. */
    Comparator<Value> ORDER = Comparator.comparingInt(Value::rank).thenComparing(Value::compareWithin);

    int rank();

    private int compareWithin(Value other) {
        if (this instanceof Num n) {
            return n.value.compareTo(((Num) other).value);
        }
        if (this instanceof Text t) {
            return t.value.compareTo(((Text) other).value);
        }
        return Boolean.compare(((Bool) this).value, ((Bool) other).value);
    }

    record Num(BigDecimal value) implements Value {
        public Num {
            value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        }

        static Num of(String digits) {
            return new Num(new BigDecimal(digits));
        }

        @Override
        public int rank() {
            return 0;
        }
    }

    record Text(String value) implements Value {
        @Override
        public int rank() {
            return 1;
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public int rank() {
            return 2;
        }
    }
}
