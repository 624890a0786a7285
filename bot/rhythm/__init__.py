"""The group's weekly rhythm: a momentum summary and a networking prompt, on the group's clock."""
