"""databricks-mlflow-client."""
