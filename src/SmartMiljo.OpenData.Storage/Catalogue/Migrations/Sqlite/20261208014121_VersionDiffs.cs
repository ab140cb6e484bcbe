using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VersionDiffs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "DiffByKey",
                table: "dataset_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DiffSince",
                table: "dataset_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DiffSinceVersion",
                table: "dataset_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RowsAdded",
                table: "dataset_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RowsChanged",
                table: "dataset_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RowsRemoved",
                table: "dataset_versions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SchemaChangesJson",
                table: "dataset_versions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DiffByKey",
                table: "dataset_versions");

            migrationBuilder.DropColumn(
                name: "DiffSince",
                table: "dataset_versions");

            migrationBuilder.DropColumn(
                name: "DiffSinceVersion",
                table: "dataset_versions");

            migrationBuilder.DropColumn(
                name: "RowsAdded",
                table: "dataset_versions");

            migrationBuilder.DropColumn(
                name: "RowsChanged",
                table: "dataset_versions");

            migrationBuilder.DropColumn(
                name: "RowsRemoved",
                table: "dataset_versions");

            migrationBuilder.DropColumn(
                name: "SchemaChangesJson",
                table: "dataset_versions");
        }
    }
}
