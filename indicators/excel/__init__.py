"""Excel in and out (issue 6): templates, imports through the web form's rules, exports.

Dependencies point one way: ``cells`` and ``layout`` are plain Python over the compiled form;
``workbook`` and ``reader`` turn them into and out of files; ``planning`` turns rows into each
unit's data and errors; ``services`` checks permission and writes; ``views`` only call those.
"""
