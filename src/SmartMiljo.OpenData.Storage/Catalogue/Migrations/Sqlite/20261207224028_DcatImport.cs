using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmartMiljo.OpenData.Storage.Catalogue.Migrations.Sqlite
{
    /// <inheritdoc />
    /// <summary>Harvested catalogue records published without data (RecordOnly) with their source's distributions;
    /// whether a dataset is in our own DCAT feed (Republished; every existing dataset was).</summary>
    public partial class DcatImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RecordOnly",
                table: "datasets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Republished",
                table: "datasets",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceDistributions",
                table: "datasets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordOnly",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "Republished",
                table: "datasets");

            migrationBuilder.DropColumn(
                name: "SourceDistributions",
                table: "datasets");
        }
    }
}
