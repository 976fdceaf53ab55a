package dev.brew.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts the named real servers before the test class (once per test JVM: every class that asks shares them) and
 * points Spring at them through system properties, so a {@code @SpringBootTest} context finds them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealServersExtension.class)
public @interface RealServers {

    Server[] value();

    /** The PostgreSQL database the service under test owns. */
    String database() default "brew";

    /** The MongoDB database the service under test owns. */
    String mongoDatabase() default "brew";
}
