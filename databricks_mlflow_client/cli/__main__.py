"""`python -m databricks_mlflow_client.cli`: the same as the `databricks-mlflow` command."""

from databricks_mlflow_client.cli import main

main()
