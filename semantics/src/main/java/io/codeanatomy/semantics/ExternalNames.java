package io.codeanatomy.semantics;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The names a program uses without defining or importing them: Python's builtins (functions, types and exceptions
 * of the {@code builtins} module of Python 3.11) and the classes of Java's {@code java.lang}, which every compilation
 * unit imports implicitly. Calls that resolve to them get edges to external METHOD nodes instead of name-arity guesses
 * at repository functions that happen to share the name. External nodes have the file {@code <external>}: no file of
 * the repository defines them (Joern's external methods have {@code <unknown>}).
 */
final class ExternalNames {
    private ExternalNames() {}

    static final Set<String> PYTHON_BUILTINS = Set.of(
            "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes",
            "callable", "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate",
            "eval", "exec", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help",
            "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "list", "locals", "map", "max",
            "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr",
            "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple",
            "type", "vars", "zip", "__import__", "exit", "quit", "NotImplemented", "Ellipsis", "__debug__",
            "BaseException", "BaseExceptionGroup", "Exception", "ExceptionGroup", "ArithmeticError", "AssertionError",
            "AttributeError", "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
            "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
            "DeprecationWarning", "EOFError", "EncodingWarning", "EnvironmentError", "FileExistsError",
            "FileNotFoundError", "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError",
            "ImportWarning", "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError", "KeyError",
            "KeyboardInterrupt", "LookupError", "MemoryError", "ModuleNotFoundError", "NameError",
            "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
            "PermissionError", "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning",
            "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError", "SyntaxWarning",
            "SystemError", "SystemExit", "TabError", "TimeoutError", "TypeError", "UnboundLocalError",
            "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning",
            "UserWarning", "ValueError", "Warning", "ZeroDivisionError");

    static final Set<String> JAVA_LANG = Set.of(
            "Appendable", "AutoCloseable", "Boolean", "Byte", "CharSequence", "Character", "Class", "ClassLoader",
            "Cloneable", "Comparable", "Double", "Enum", "Float", "InheritableThreadLocal", "Integer", "Iterable",
            "Long", "Math", "Module", "ModuleLayer", "Number", "Object", "Package", "Process", "ProcessBuilder",
            "ProcessHandle", "Readable", "Record", "Runnable", "Runtime", "Short", "StackWalker", "StrictMath",
            "String", "StringBuffer", "StringBuilder", "System", "Thread", "ThreadGroup", "ThreadLocal", "Throwable",
            "Void", "Override", "Deprecated", "SuppressWarnings", "FunctionalInterface", "SafeVarargs",
            "ArithmeticException", "ArrayIndexOutOfBoundsException", "ArrayStoreException", "ClassCastException",
            "ClassNotFoundException", "CloneNotSupportedException", "EnumConstantNotPresentException", "Exception",
            "IllegalAccessException", "IllegalArgumentException", "IllegalCallerException",
            "IllegalMonitorStateException", "IllegalStateException", "IllegalThreadStateException",
            "IndexOutOfBoundsException", "InstantiationException", "InterruptedException",
            "NegativeArraySizeException", "NoSuchFieldException", "NoSuchMethodException", "NullPointerException",
            "NumberFormatException", "ReflectiveOperationException", "RuntimeException", "SecurityException",
            "StringIndexOutOfBoundsException", "TypeNotPresentException", "UnsupportedOperationException",
            "AbstractMethodError", "AssertionError", "BootstrapMethodError", "ClassCircularityError",
            "ClassFormatError", "Error", "ExceptionInInitializerError", "IllegalAccessError",
            "IncompatibleClassChangeError", "InstantiationError", "InternalError", "LinkageError",
            "NoClassDefFoundError", "NoSuchFieldError", "NoSuchMethodError", "OutOfMemoryError", "StackOverflowError",
            "UnknownError", "UnsatisfiedLinkError", "UnsupportedClassVersionError", "VerifyError",
            "VirtualMachineError");

    /** {@code names} as the parenthesized list of an SQL {@code IN}, sorted so the views' text is stable. */
    static String sqlList(Set<String> names) {
        return new TreeSet<>(names).stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
