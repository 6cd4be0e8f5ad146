package dev.helpline.internal.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writeReplacesTheWholeFileAndLeavesNoTempFileBehind() throws Exception {
    Path file = dir.resolve("sub/state.json");
    AtomicFiles.write(file, "first, and longer".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(file, "second".getBytes(StandardCharsets.UTF_8));
    assertEquals("second", new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.list(file.getParent())) {
      List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
      assertEquals(List.of("state.json"), names);
    }
  }

  @Test
  void writeNewRefusesAnExistingFileAndKeepsItsContent() throws Exception {
    Path file = dir.resolve("entry");
    AtomicFiles.writeNew(file, new byte[] {1, 2});
    assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeNew(file, new byte[] {3}));
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(file));
  }

  @Test
  void replaceWritesThroughTheNamedTempAndRemovesALeftoverOne() throws Exception {
    Path file = dir.resolve("a.failure");
    Path temp = dir.resolve("a.failure.tmp");
    Files.write(file, "old".getBytes(StandardCharsets.UTF_8));
    Files.write(temp, "torn by an earlier crash, and longer".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.replace(file, temp, "new".getBytes(StandardCharsets.UTF_8));
    assertEquals("new", new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    assertFalse(Files.exists(temp));
  }

  @Test
  void replaceInAMissingDirectoryFailsAndCreatesNothing() {
    Path file = dir.resolve("gone/a.failure");
    assertThrows(java.nio.file.NoSuchFileException.class,
        () -> AtomicFiles.replace(file, dir.resolve("gone/a.failure.tmp"), new byte[] {1}));
    assertFalse(Files.exists(dir.resolve("gone")));
  }

  @Test
  void deleteFileTellsDeletedFromMissingAndSaysWhyItCannotDelete() throws Exception {
    Path file = Files.write(dir.resolve("a.entry"), new byte[] {1});
    assertTrue(AtomicFiles.deleteFile(file));
    assertFalse(Files.exists(file));
    assertFalse(AtomicFiles.deleteFile(file), "already gone");

    Path full = Files.createDirectories(dir.resolve("full"));
    Files.write(full.resolve("child"), new byte[] {1});
    DirectoryNotEmptyException e = assertThrows(DirectoryNotEmptyException.class, () -> AtomicFiles.deleteFile(full));
    assertTrue(e.getMessage().contains("full"), e.getMessage());
  }

  @Test
  void readIfExistsIsNullForAMissingFile() throws Exception {
    assertNull(AtomicFiles.readIfExists(dir.resolve("missing")));
  }

  @Test
  void quarantineMovesTheFileAsideUnderACorruptName() throws Exception {
    Path file = dir.resolve("cache.json");
    AtomicFiles.write(file, new byte[] {'{'});
    AtomicFiles.quarantine(file);
    assertFalse(Files.exists(file));
    assertTrue(Files.exists(dir.resolve("cache.json.corrupt")));
  }

  @Test
  void deleteRecursivelyRemovesATreeAndToleratesWhatIsGone() throws Exception {
    Path root = dir.resolve("tree");
    AtomicFiles.write(root.resolve("a/b/c"), new byte[] {1});
    AtomicFiles.deleteRecursively(root);
    assertFalse(Files.exists(root));
    AtomicFiles.deleteRecursively(root);
  }

  @Test
  void fsyncDirectoryOfAMissingDirectoryFailsOnUnix() {
    assertThrows(java.io.IOException.class, () -> AtomicFiles.fsyncDirectory(dir.resolve("nope")));
  }
}
