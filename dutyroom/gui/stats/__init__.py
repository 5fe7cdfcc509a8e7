"""统计分析: the statistics page, its charts (pyqtgraph, loaded when the page first opens) and dialogs."""
