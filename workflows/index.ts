// Every workflow of the product, bundled for the worker (workflowsPath points here).
export {};
