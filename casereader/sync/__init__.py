"""The inspector's side of sync: device key, sample-pack import, marks-bundle export, sync folder, purge."""
