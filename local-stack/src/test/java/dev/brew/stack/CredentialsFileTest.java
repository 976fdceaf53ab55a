package dev.brew.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21: the demo staff passwords were written readable by every user of the machine. */
class CredentialsFileTest {

    @Test
    void the_demo_credentials_are_readable_by_their_owner_only_and_kept_across_starts(@TempDir Path data)
            throws Exception {
        Properties first = LocalStack.credentials(data);
        Path file = data.resolve("credentials.properties");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LocalStack.credentials(data)).isEqualTo(first);
        assertThat(first.getProperty("barista.password")).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void a_file_an_older_launcher_left_readable_by_all_is_closed(@TempDir Path data) throws Exception {
        Path file = data.resolve("credentials.properties");
        Files.writeString(file, "barista.password=kept-as-it-was\noperator.password=also-kept-as-it-was\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Properties credentials = LocalStack.credentials(data);

        assertThat(credentials.getProperty("barista.password")).isEqualTo("kept-as-it-was");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
